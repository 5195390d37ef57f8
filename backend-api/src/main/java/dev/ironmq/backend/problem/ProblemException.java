package dev.ironmq.backend.problem;

/**
 * Carries a {@link Problem} through a future or out of a deeply nested check. It has no stack
 * trace: it is an expected outcome, not a bug.
 */
public final class ProblemException extends RuntimeException {
  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.message(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  /**
   * Throws a problem as an exception; declared to return one so callers can write {@code throw}.
   */
  public static ProblemException of(Problem problem) {
    return new ProblemException(problem);
  }

  public static ProblemException invalid(String message) {
    return new ProblemException(Problem.invalid(message));
  }
}
