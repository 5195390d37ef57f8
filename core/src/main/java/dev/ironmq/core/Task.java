package dev.ironmq.core;

import dev.ironmq.store.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One task on a shard: the time it runs at, the batch it writes, the effects it has on other
 * queues, and what to do once the batch is durable. Answers are given only through {@link
 * #completeAfterCommit}, so no client hears of a change before it is on disk; effects are routed
 * only once the batch is, so another queue never sees a change that may be lost.
 *
 * <p>A task is a write (it changes what a client asked to change) or a read. A read changes memory
 * only on the way (messages that expired, reservations that ended, parked reserves served): in a
 * read-only image, where nothing is parked, that is housekeeping that may be dropped.
 */
final class Task {
  final long now;
  final boolean write;
  final Batch batch = new Batch();
  private final List<Consumer<Throwable>> afterCommit = new ArrayList<>();
  private final List<Effect> effects = new ArrayList<>(0);

  Task(long now, boolean write) {
    this.now = now;
    this.write = write;
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

  /** Asks for work on another queue, or outside the server, once this task is durable. */
  void emit(Effect effect) {
    effects.add(effect);
  }

  List<Effect> effects() {
    return effects;
  }

  void committed(Throwable failure) {
    for (Consumer<Throwable> action : afterCommit) {
      action.accept(failure);
    }
  }
}
