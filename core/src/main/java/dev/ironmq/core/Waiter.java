package dev.ironmq.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A reserve parked until a message arrives or its wait ends. Owned by its queue's shard. */
final class Waiter {
  final ReserveRequest request;
  final CompletableFuture<List<ReservedMessage>> result;
  Timers.Timer deadline;

  Waiter(ReserveRequest request, CompletableFuture<List<ReservedMessage>> result) {
    this.request = request;
    this.result = result;
  }

  /** Answers the reserve once the task's batch is durable. */
  void finish(List<ReservedMessage> messages, Tx tx) {
    if (deadline != null) {
      deadline.cancel();
    }
    tx.completeAfterCommit(result, messages);
  }
}
