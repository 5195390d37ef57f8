package dev.ironmq.backend;

/** How a subscriber answered a push attempt. */
public sealed interface PushOutcome {
  /** A 2xx other than 202: delivered. */
  record Delivered(int statusCode) implements PushOutcome {}

  /** A 202: the subscriber took the message and will acknowledge it. */
  record Accepted() implements PushOutcome {}

  /**
   * Anything else: another status (redirects included), a refused connection, a timeout.
   *
   * @param statusCode the HTTP status, or 0 when there was none
   * @param message the reason, for people
   */
  record Failed(int statusCode, String message) implements PushOutcome {}
}
