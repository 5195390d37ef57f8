package dev.ironmq.core;

import dev.ironmq.backend.DeadLetterPolicy;
import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What consumers do with one queue's messages: reserve them (and hand them to parked reserves),
 * touch and release their reservations. A message reserved as often as the queue's dead-letter
 * policy allows moves on at its next reserve instead of being handed out.
 *
 * <p>Thread: owned by its queue's shard, beside the queue's index and long polls.
 */
final class Consumers {
  private final long queueId;
  private final QueueRef ref;
  private final MessageIndex index;
  private final LongPolls longPolls;
  private final QueueContext context;

  Consumers(
      long queueId, QueueRef ref, MessageIndex index, LongPolls longPolls, QueueContext context) {
    this.queueId = queueId;
    this.ref = ref;
    this.index = index;
    this.longPolls = longPolls;
    this.context = context;
  }

  /**
   * Reserves (or, with {@code delete}, removes) up to {@code count} available messages; none while
   * reserving is paused.
   */
  List<ReservedMessage> take(ReserveRequest request, QueueConfig config, Task task) {
    if (config.pause().reserve()) {
      return List.of();
    }
    List<ReservedMessage> taken = new ArrayList<>(Math.min(request.count(), 16));
    Optional<DeadLetterPolicy> deadLetter = config.deadLetter();
    while (taken.size() < request.count()) {
      MessageEntry entry = index.pollAvailable();
      if (entry == null) {
        break;
      }
      if (deadLetter.isPresent() && entry.reservedCount >= deadLetter.get().maxReservations()) {
        index.remove(entry);
        task.emit(
            new Effect.MoveToDeadLetter(
                ref.sibling(deadLetter.get().queueName()),
                queueId,
                entry.record(queueId, entry.postedAt),
                entry.reservedCount));
        context.tell(ref, MessageEvents.Kind.DEAD_LETTERED, 1);
        continue;
      }
      entry.reservedCount++;
      int timeout = Reservations.timeoutFor(entry, request.timeoutSeconds(), config);
      if (request.delete()) {
        index.remove(entry);
        task.batch.messageDelete(queueId, entry.id);
        taken.add(new ReservedMessage(entry.id, entry.body, entry.reservedCount, "", timeout));
      } else {
        index.reserve(entry, context.reservationIds().next(), task.now + timeout * 1000L);
        task.batch.messageStatePut(entry.state(queueId));
        taken.add(
            new ReservedMessage(
                entry.id, entry.body, entry.reservedCount, entry.reservationId, timeout));
      }
    }
    context.tell(ref, MessageEvents.Kind.RESERVED, taken.size());
    if (request.delete()) {
      context.tell(ref, MessageEvents.Kind.DELETED, taken.size());
    }
    return taken;
  }

  /** Hands available messages to parked reserves, the longest parked first. */
  void serveWaiters(QueueConfig config, Task task) {
    while (!longPolls.isEmpty() && index.hasAvailable()) {
      Waiter waiter = longPolls.first();
      List<ReservedMessage> taken = take(waiter.request(), config, task);
      if (taken.isEmpty()) {
        break;
      }
      longPolls.remove(waiter);
      waiter.finish(taken, task);
    }
  }

  /** Gives a reserved message a new reservation of {@code timeoutSeconds} from now. */
  ReservedMessage touch(
      MessageEntry message,
      Reservations.Claim claim,
      int timeoutSeconds,
      QueueConfig config,
      Task task) {
    MessageEntry entry = Reservations.findReserved(message, claim);
    int timeout = Reservations.timeoutFor(entry, timeoutSeconds, config);
    entry.reservedCount++;
    index.renew(entry, context.reservationIds().next(), task.now + timeout * 1000L);
    task.batch.messageStatePut(entry.state(queueId));
    return new ReservedMessage(
        entry.id, entry.body, entry.reservedCount, entry.reservationId, timeout);
  }

  /** Ends a reservation early; the message returns to the front, after {@code delaySeconds}. */
  void release(
      MessageEntry message,
      Reservations.Claim claim,
      int delaySeconds,
      QueueConfig config,
      Task task) {
    MessageEntry entry = Reservations.findReserved(message, claim);
    boolean availableNow = index.release(entry, task.now + delaySeconds * 1000L, task.now);
    task.batch.messageStatePut(entry.state(queueId));
    context.tell(ref, MessageEvents.Kind.RELEASED, 1);
    if (availableNow) {
      serveWaiters(config, task);
    }
  }
}
