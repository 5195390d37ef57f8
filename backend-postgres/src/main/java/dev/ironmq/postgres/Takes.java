package dev.ironmq.postgres;

import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The message operations a reserve is made of on PostgreSQL, each followed by the queue's alerts:
 * one reserve that does not wait, and for a waiting reserve, putting back what no waiter took and
 * deleting what a waiter that asked for {@code delete} took.
 */
final class Takes implements LongPolls.Taker {
  private final Messages messages;
  private final QueueSettings queueSettings;
  private final Alerts alerts;

  Takes(Messages messages, QueueSettings queueSettings, Alerts alerts) {
    this.messages = messages;
    this.queueSettings = queueSettings;
    this.alerts = alerts;
  }

  @Override
  public CompletableFuture<LongPolls.Reserved> reserve(QueueRef ref, ReserveRequest request) {
    return messages
        .reserve(ref, request, queueSettings)
        .thenCompose(
            taken ->
                alerts
                    .sizeChanged(ref, taken.queueId(), taken.config(), taken.sizes())
                    .thenApply(done -> new LongPolls.Reserved(taken.queueId(), taken.messages())));
  }

  @Override
  public CompletableFuture<Void> putBack(QueueRef ref, List<ReservedMessage> untaken) {
    return CompletableFuture.allOf(
        untaken.stream()
            .map(
                m ->
                    messages.release(
                        ref,
                        m.id(),
                        Optional.of(m.reservationId()),
                        0,
                        ReservationCheck.CURRENT_RESERVATION))
            .toArray(CompletableFuture[]::new));
  }

  @Override
  public CompletableFuture<Void> delete(QueueRef ref, List<ReservedMessage> taken) {
    List<DeleteTarget> targets =
        taken.stream().map(m -> new DeleteTarget(m.id(), Optional.of(m.reservationId()))).toList();
    return deleted(ref, targets, ReservationCheck.CURRENT_RESERVATION);
  }

  /** Deletes messages, then runs the queue's alerts on its new size. */
  CompletableFuture<Void> deleted(
      QueueRef ref, List<DeleteTarget> targets, ReservationCheck check) {
    return messages
        .delete(ref, targets, check)
        .thenCompose(
            changed ->
                alerts.sizeChanged(ref, changed.queueId(), changed.config(), changed.sizes()));
  }
}
