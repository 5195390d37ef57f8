package dev.ironmq.core;

import dev.ironmq.backend.BackendHealth;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.JournalWatcher;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's memory: the image loaded from the journal, and what happens to it when the journal
 * fails a write and when it takes writes again. Memory may then hold changes that never reached the
 * disk, so it is loaded again from the journal, read-only until writes resume, and then writable.
 */
final class Memory implements JournalWatcher {
  private static final Logger log = LoggerFactory.getLogger(Memory.class);

  /** Loads an image; read-only with this refusal when one is given. */
  private final Function<Problem, MemoryImage> load;

  private volatile MemoryImage image;

  /** Set when memory could not be loaded again after a failed write: nothing is served. */
  private volatile BackendHealth unavailable;

  Memory(Function<Problem, MemoryImage> load) {
    this.load = load;
    this.image = load.apply(null);
  }

  /** The image now; after a failed write, possibly one about to be replaced. */
  MemoryImage current() {
    return image;
  }

  /** The image to read from: the current one, or after a failed write, the one loaded next. */
  CompletableFuture<MemoryImage> fresh() {
    MemoryImage current = image;
    return current.health.isStale()
        ? current.successor.thenCompose(next -> fresh())
        : CompletableFuture.completedFuture(current);
  }

  BackendHealth health() {
    if (unavailable != null) {
      return unavailable;
    }
    Problem refusal = image.health.refusal();
    return refusal == null ? BackendHealth.ok() : BackendHealth.readOnly(refusal.message());
  }

  @Override
  public void writesFailed(JournalException cause) {
    Problem refusal = StorageHealth.problemOf(cause);
    image.writeFailed(refusal);
    replaceImage(refusal);
  }

  @Override
  public void writesResumed() {
    replaceImage(null);
  }

  private void replaceImage(Problem readOnly) {
    MemoryImage old = image;
    try {
      MemoryImage loaded = load.apply(readOnly);
      image = loaded;
      old.successor.complete(loaded);
      log.warn(
          "Memory was loaded again from the journal; writes are {}",
          readOnly == null ? "taken again" : "refused until it can write");
    } catch (RuntimeException e) {
      log.error("Memory could not be loaded again from the journal; nothing is served", e);
      Problem cannotRead =
          new Problem.StorageUnavailable("The server cannot read its storage; restart it");
      old.writeFailed(cannotRead);
      old.successor.completeExceptionally(new ProblemException(cannotRead));
      unavailable = BackendHealth.unavailable("The journal could not be read: " + e.getMessage());
    }
  }
}
