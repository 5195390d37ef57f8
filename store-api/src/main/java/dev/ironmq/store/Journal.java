package dev.ironmq.store;

import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable storage of queues, messages, projects and tokens, and of queues' history.
 *
 * <p>Thread-safety: {@link #commit(Batch)} may be called from any thread. Batches are applied in
 * the order their commit calls happened; a batch's future completes only after the batch and every
 * batch committed before it are applied (and, for a durable store, on disk as its sync policy
 * promises).
 */
public interface Journal extends AutoCloseable {

  /**
   * Applies a batch atomically. The future fails with a {@link JournalException} when the batch
   * could not be applied ({@link JournalFullException} when the disk is full); the journal then
   * refuses every batch until it can write again, and tells its {@link JournalWatcher} both.
   */
  CompletableFuture<Void> commit(Batch batch);

  /**
   * Reads everything durable. Called at start-up, before any commit, and again after a failed
   * write, when nothing commits, to rebuild memory from what the journal holds.
   */
  void scan(JournalVisitor visitor);

  /**
   * The periods of a queue's history of one step that start in {@code [from, to)}, in time order,
   * as committed so far. It blocks while it reads: call it off threads that must not wait.
   */
  List<StatsPoint> stats(long queueId, StatsStep step, long from, long to);

  /** Names the one watcher told when writes fail and when they work again. */
  void watch(JournalWatcher watcher);

  /** Applies what is pending and releases the store's resources. */
  @Override
  void close();
}
