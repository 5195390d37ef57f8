package dev.ironmq.core;

import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A reserve parked until a message arrives or its wait ends. Owned by its queue's shard.
 *
 * @param request what it asked for
 * @param result its answer, completed once the task that serves it is durable
 * @param deadline epoch milliseconds at which it ends with nothing
 * @param arrival the order it was parked in, among a queue's waiters
 */
record Waiter(
    ReserveRequest request,
    CompletableFuture<List<ReservedMessage>> result,
    long deadline,
    long arrival) {

  /** Answers the parked reserve once the task's batch is durable. */
  void finish(List<ReservedMessage> messages, Task task) {
    task.completeAfterCommit(result, messages);
  }
}
