package dev.ironmq.core;

import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the journal still takes writes. After a failed write the engine's memory is ahead of its
 * journal, so every later operation is refused until the server restarts and rebuilds memory from
 * the journal. Thread-safe.
 */
final class StorageHealth {
  private static final Logger log = LoggerFactory.getLogger(StorageHealth.class);

  private volatile Problem failure;

  boolean isHealthy() {
    return failure == null;
  }

  /** The problem every operation is refused with, or null while the journal is healthy. */
  Problem failure() {
    return failure;
  }

  /** Turns a failed commit into the problem callers see, and refuses all later work. */
  Throwable commitFailure(Throwable error) {
    if (error == null) {
      return null;
    }
    if (failure == null) {
      log.error("The journal failed; the engine now refuses every operation", error);
      failure = new Problem.StorageUnavailable("Storage failed; the server must be restarted");
    }
    return new ProblemException(failure);
  }
}
