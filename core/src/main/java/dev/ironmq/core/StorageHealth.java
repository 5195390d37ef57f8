package dev.ironmq.core;

import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.store.JournalFullException;

/**
 * Whether one {@link MemoryImage} takes writes, and whether what it holds is known to be on disk.
 * An image starts writable or read-only. A writable one whose write fails turns read-only and
 * stale: its memory may hold changes that never reached the disk, so reads wait for the image
 * loaded again from the journal. Nothing turns back: when the journal takes writes again, a new
 * image is loaded. Thread-safe.
 */
final class StorageHealth {
  private volatile Problem refusal;
  private volatile boolean stale;

  private StorageHealth(Problem refusal) {
    this.refusal = refusal;
  }

  static StorageHealth writable() {
    return new StorageHealth(null);
  }

  static StorageHealth readOnly(Problem refusal) {
    return new StorageHealth(refusal);
  }

  boolean takesWrites() {
    return refusal == null;
  }

  /** The problem writes are refused with, or null while the image takes writes. */
  Problem refusal() {
    return refusal;
  }

  /** Whether memory may hold changes that failed to reach the disk. */
  boolean isStale() {
    return stale;
  }

  /**
   * A write failed: refuses writes from now on, and marks memory stale. Called before the failure
   * is reported to anyone, so that no client who heard of it reads the change that failed.
   */
  void writeFailed(Problem why) {
    stale = true;
    if (refusal == null) {
      refusal = why;
    }
  }

  /** The problem a client hears when its change could not be written; null for no error. */
  static Throwable commitFailure(Throwable error) {
    if (error == null) {
      return null;
    }
    return new ProblemException(problemOf(error));
  }

  /** What writes are refused with after the journal failed this way. */
  static Problem problemOf(Throwable error) {
    Throwable cause = error;
    while (cause != null && !(cause instanceof JournalFullException)) {
      cause = cause.getCause();
    }
    return cause != null
        ? new Problem.StorageFull(
            "The server's disk is full: writes are refused until space is freed; reads still work")
        : new Problem.StorageUnavailable(
            "The server cannot write to its storage: writes are refused until it can; reads still"
                + " work");
  }
}
