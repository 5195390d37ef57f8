package dev.ironmq.core;

import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A reserve parked until a message arrives or its wait ends. Owned by its queue's shard. */
final class Waiter {
  final ReserveRequest request;
  final CompletableFuture<List<ReservedMessage>> result;
  private final AtomicLong parkedCount;
  Timers.Timer deadline;

  Waiter(
      ReserveRequest request,
      CompletableFuture<List<ReservedMessage>> result,
      AtomicLong parkedCount) {
    this.request = request;
    this.result = result;
    this.parkedCount = parkedCount;
  }

  /** The reserve is now parked on its queue. */
  void parked() {
    parkedCount.incrementAndGet();
  }

  /** Answers the parked reserve once the task's batch is durable. */
  void finish(List<ReservedMessage> messages, Tx tx) {
    deadline.cancel();
    parkedCount.decrementAndGet();
    tx.completeAfterCommit(result, messages);
  }
}
