package dev.ironmq.backend.problem;

/**
 * Why an operation was refused. Problems are values: the engine returns them (inside a {@link
 * ProblemException} when a future has to carry them) and the HTTP layer maps each kind to one
 * status code in one place.
 */
public sealed interface Problem {
  /** A sentence for the client, sent as {@code {"msg": ...}}. */
  String message();

  /** The request is malformed or a value is out of range. */
  record InvalidRequest(String message) implements Problem {}

  /** No valid token was shown. */
  record NotAuthenticated(String message) implements Problem {}

  /** The token is valid but may not do this. */
  record NotPermitted(String message) implements Problem {}

  /** The project does not exist or the token does not open it (indistinguishable on purpose). */
  record ProjectNotFound(String message) implements Problem {}

  record QueueNotFound(String message) implements Problem {}

  record MessageNotFound(String message) implements Problem {}

  record TokenNotFound(String message) implements Problem {}

  /** The reservation shown is not the message's current one: it expired or was superseded. */
  record ReservationMismatch(String message) implements Problem {}

  /** The server cannot take writes, or cannot serve at all, for now. */
  record StorageUnavailable(String message) implements Problem {}

  /** The server's disk is full: writes are refused until space is freed. */
  record StorageFull(String message) implements Problem {}

  static Problem invalid(String message) {
    return new InvalidRequest(message);
  }

  static QueueNotFound queueNotFound() {
    return new QueueNotFound("Queue not found");
  }

  static MessageNotFound messageNotFound() {
    return new MessageNotFound("Message not found");
  }
}
