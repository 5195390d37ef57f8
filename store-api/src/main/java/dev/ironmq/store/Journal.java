package dev.ironmq.store;

import java.util.concurrent.CompletableFuture;

/**
 * Durable storage of queues, messages, projects and tokens.
 *
 * <p>Thread-safety: {@link #commit(Batch)} may be called from any thread. Batches are applied in
 * the order their commit calls happened; a batch's future completes only after the batch and every
 * batch committed before it are applied (and, for a durable store, on disk as its sync policy
 * promises).
 */
public interface Journal extends AutoCloseable {

  /**
   * Applies a batch atomically. The future fails with a {@link JournalException} when the batch
   * could not be applied; the store then refuses further batches.
   */
  CompletableFuture<Void> commit(Batch batch);

  /** Reads everything stored. Called once at start-up, before any commit. */
  void scan(JournalVisitor visitor);

  /** Applies what is pending and releases the store's resources. */
  @Override
  void close();
}
