package dev.ironmq.http;

/**
 * Why a request was refused before it reached the engine: problems of HTTP itself. Engine problems
 * are {@link dev.ironmq.core.problem.Problem}s; {@link ErrorMapper} maps both.
 */
public sealed interface WireProblem {
  String message();

  record NoSuchEndpoint(String message) implements WireProblem {}

  record MethodNotAllowed(String message) implements WireProblem {}

  record BodyTooLarge(String message) implements WireProblem {}

  record BodyTooSlow(String message) implements WireProblem {}
}
