package dev.ironmq.postgres;

import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.MessageEvents;
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
  private final MessageEvents events;

  Takes(Messages messages, QueueSettings queueSettings, Alerts alerts, MessageEvents events) {
    this.messages = messages;
    this.queueSettings = queueSettings;
    this.alerts = alerts;
    this.events = events;
  }

  @Override
  public CompletableFuture<LongPolls.Reserved> reserve(QueueRef ref, ReserveRequest request) {
    return messages
        .reserve(ref, request, queueSettings)
        .thenCompose(
            taken -> {
              tell(ref, request, taken);
              return alerts
                  .sizeChanged(ref, taken.queueId(), taken.config(), taken.sizes())
                  .thenApply(done -> new LongPolls.Reserved(taken.queueId(), taken.messages()));
            });
  }

  private void tell(QueueRef ref, ReserveRequest request, Messages.Taken taken) {
    int count = taken.messages().size();
    if (count > 0) {
      events.happened(ref, MessageEvents.Kind.RESERVED, count);
      if (request.delete()) {
        events.happened(ref, MessageEvents.Kind.DELETED, count);
      }
    }
    if (taken.deadLettered() > 0) {
      int moved = (int) taken.deadLettered();
      events.happened(ref, MessageEvents.Kind.DEAD_LETTERED, moved);
      taken
          .config()
          .deadLetter()
          .ifPresent(
              policy ->
                  events.happened(
                      ref.sibling(policy.queueName()), MessageEvents.Kind.POSTED, moved));
    }
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
            changed -> {
              events.happened(ref, MessageEvents.Kind.DELETED, targets.size());
              return alerts.sizeChanged(ref, changed.queueId(), changed.config(), changed.sizes());
            });
  }
}
