package dev.ironmq.core;

import dev.ironmq.store.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One task's changes on a shard: the time it runs at, the batch it writes, and what to do once that
 * batch is durable. Answers are given only through {@link #completeAfterCommit}, so no client hears
 * of a change before it is on disk.
 */
final class Tx {
  final long now;
  final Batch batch = new Batch();
  private final List<Consumer<Throwable>> afterCommit = new ArrayList<>();
  private final List<QueueState> sizeChanged = new ArrayList<>(1);

  Tx(long now) {
    this.now = now;
  }

  /** Completes the future with the value once the batch is committed, or with the failure. */
  <T> void completeAfterCommit(CompletableFuture<T> future, T value) {
    afterCommit.add(
        failure -> {
          if (failure == null) {
            future.complete(value);
          } else {
            future.completeExceptionally(failure);
          }
        });
  }

  /** Runs once the batch is committed (with null) or failed (with the failure). */
  void afterCommit(Consumer<Throwable> action) {
    afterCommit.add(action);
  }

  /** Notes that a queue's size may have changed in this task (for its alerts). */
  void sizeChanged(QueueState queue) {
    if (!sizeChanged.contains(queue)) {
      sizeChanged.add(queue);
    }
  }

  List<QueueState> queuesWithNewSize() {
    return sizeChanged;
  }

  void committed(Throwable failure) {
    for (Consumer<Throwable> action : afterCommit) {
      action.accept(failure);
    }
  }
}
