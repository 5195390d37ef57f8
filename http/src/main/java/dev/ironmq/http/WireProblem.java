package dev.ironmq.http;

/**
 * Why a request was refused before it reached the engine: problems of HTTP itself. Engine problems
 * are {@link dev.ironmq.backend.problem.Problem}s; {@link ErrorMapper} maps both.
 */
public sealed interface WireProblem {
  String message();

  record NoSuchEndpoint(String message) implements WireProblem {}

  record MethodNotAllowed(String message) implements WireProblem {}

  record BodyTooLarge(String message) implements WireProblem {}

  record BodyTooSlow(String message) implements WireProblem {}

  /** The request could not be parsed as HTTP: a bad request line, header or chunk. */
  record Malformed(String message) implements WireProblem {}

  /** The request line is longer than the server reads. */
  record RequestLineTooLong(String message) implements WireProblem {}

  /** The request's headers are larger than the server reads. */
  record HeadersTooLarge(String message) implements WireProblem {}

  /** The request is framed in a way this server does not speak (a transfer coding, a version). */
  record UnsupportedFraming(String message) implements WireProblem {}
}
