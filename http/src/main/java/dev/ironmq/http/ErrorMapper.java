package dev.ironmq.http;

import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes an HTTP status and a {@code {"msg": ...}} body. Anything
 * that is not a known problem is a bug: it is logged and answered with a 500 that reveals nothing.
 */
public final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  /**
   * A status and a message for the client.
   *
   * @param status the HTTP status
   * @param message the {@code msg} of the body
   */
  public record HttpError(int status, String message) {}

  private ErrorMapper() {}

  public static HttpError map(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof ProblemException problem) {
      return map(problem.problem());
    }
    if (cause instanceof WireProblemException wire) {
      return map(wire.problem());
    }
    log.error("Unexpected failure while handling a request", cause);
    return new HttpError(500, "Internal server error");
  }

  static HttpError map(Problem problem) {
    int status;
    if (problem instanceof Problem.InvalidRequest) {
      status = 400;
    } else if (problem instanceof Problem.NotAuthenticated) {
      status = 401;
    } else if (problem instanceof Problem.NotPermitted
        || problem instanceof Problem.ReservationMismatch) {
      status = 403;
    } else if (problem instanceof Problem.ProjectNotFound
        || problem instanceof Problem.QueueNotFound
        || problem instanceof Problem.MessageNotFound
        || problem instanceof Problem.TokenNotFound) {
      status = 404;
    } else if (problem instanceof Problem.StorageUnavailable) {
      status = 503;
    } else if (problem instanceof Problem.StorageFull) {
      status = 507;
    } else {
      throw new IllegalArgumentException("unmapped problem " + problem);
    }
    return new HttpError(status, problem.message());
  }

  static HttpError map(WireProblem problem) {
    int status;
    if (problem instanceof WireProblem.NoSuchEndpoint) {
      status = 404;
    } else if (problem instanceof WireProblem.MethodNotAllowed) {
      status = 405;
    } else if (problem instanceof WireProblem.BodyTooLarge) {
      status = 413;
    } else if (problem instanceof WireProblem.BodyTooSlow) {
      status = 408;
    } else if (problem instanceof WireProblem.Malformed
        || problem instanceof WireProblem.UnsupportedFraming) {
      status = 400;
    } else if (problem instanceof WireProblem.RequestLineTooLong) {
      status = 414;
    } else if (problem instanceof WireProblem.HeadersTooLarge) {
      status = 431;
    } else {
      throw new IllegalArgumentException("unmapped problem " + problem);
    }
    return new HttpError(status, problem.message());
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
