package dev.ironmq.backend.problem;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

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

  /**
   * Runs an asynchronous operation whose checks may throw a problem before it starts: the problem
   * becomes the failed future, as if the operation had failed with it.
   */
  public static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> operation) {
    try {
      return operation.get();
    } catch (ProblemException problem) {
      return CompletableFuture.failedFuture(problem);
    }
  }
}
