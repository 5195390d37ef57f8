package dev.ironmq.http;

/** Carries a {@link WireProblem} out of request handling; it has no stack trace. */
final class WireProblemException extends RuntimeException {
  private final transient WireProblem problem;

  WireProblemException(WireProblem problem) {
    super(problem.message(), null, false, false);
    this.problem = problem;
  }

  WireProblem problem() {
    return problem;
  }
}
