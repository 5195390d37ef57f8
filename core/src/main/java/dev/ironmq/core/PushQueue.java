package dev.ironmq.core;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.backend.push.Delivery;
import dev.ironmq.backend.push.DeliveryEvent;
import dev.ironmq.backend.push.DeliveryRules;
import dev.ironmq.backend.push.DeliveryRules.Transition;
import dev.ironmq.backend.push.ErrorReports;
import dev.ironmq.backend.push.PushStatuses;
import dev.ironmq.store.DeliveryRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A queue that delivers each message to its subscribers: its messages' deliveries, moved by {@link
 * DeliveryRules}; the deliveries waiting for their next attempt, in the order they fall due (one
 * wake-up for the queue); and the receipts of delivered messages.
 *
 * <p>A message whose deliveries are all done leaves the queue's size. A delivered one becomes a
 * compact {@link PushReceipt}, readable with its statuses for the push retention; one given up on
 * stays whole until it expires, so that its error queue report's reference resolves.
 *
 * <p>Thread: owned by its queue's shard. Attempts leave as {@link Effect.StartPush} effects; their
 * outcomes come back as tasks.
 */
final class PushQueue implements QueueKind {
  /** A push message and its deliveries (values, replaced as they change). */
  private static final class PushMessage {
    final MessageEntry entry;
    final List<Delivery> deliveries = new ArrayList<>(2);
    boolean finished;
    boolean errored;

    PushMessage(MessageEntry entry) {
      this.entry = entry;
    }
  }

  /** A delivery waiting for its next attempt. */
  private record Waiting(long at, long messageId, String key) {}

  private static final Comparator<Waiting> DUE_ORDER =
      Comparator.comparingLong(Waiting::at)
          .thenComparingLong(Waiting::messageId)
          .thenComparing(Waiting::key);

  private final long queueId;
  private final QueueRef ref;
  private final MessageIndex index;
  private final QueueContext context;
  private final Map<Long, PushMessage> messages = new HashMap<>();
  private final TreeSet<Waiting> waiting = new TreeSet<>(DUE_ORDER);
  private final Receipts receipts = new Receipts();
  private QueueType type;
  private PushPolicy policy;
  private boolean paused;
  private int failedCount;

  PushQueue(long queueId, QueueRef ref, MessageIndex index, QueueContext context, QueueConfig c) {
    this.queueId = queueId;
    this.ref = ref;
    this.index = index;
    this.context = context;
    reconfigured(c);
  }

  @Override
  public void reconfigured(QueueConfig config) {
    type = config.type();
    paused = config.pause().push();
    policy =
        config.push().orElseThrow(() -> new IllegalStateException(ref + " is not a push queue"));
  }

  // ---- new messages ----

  @Override
  public void accept(MessageEntry entry, long availableAt, Task task) {
    index.hold(entry);
    PushMessage message = new PushMessage(entry);
    if (type == QueueType.MULTICAST) {
      for (Subscriber subscriber : policy.subscribers()) {
        message.deliveries.add(Delivery.Multicast.queued(subscriber.name(), availableAt));
      }
    } else {
      message.deliveries.add(Delivery.Unicast.queued(availableAt));
    }
    messages.put(entry.id, message);
    for (Delivery delivery : message.deliveries) {
      task.batch.deliveryPut(DeliveryRecords.of(delivery, queueId, entry.id));
    }
    for (int i = 0; i < message.deliveries.size(); i++) {
      wait(message, i, task);
    }
  }

  @Override
  public void restore(MessageEntry entry, List<DeliveryRecord> records, long now) {
    PushMessage message = new PushMessage(entry);
    long lastTryAt = 0;
    for (DeliveryRecord record : records) {
      message.deliveries.add(DeliveryRecords.from(record));
      lastTryAt = Math.max(lastTryAt, record.lastTryAt());
    }
    messages.put(entry.id, message);
    for (Delivery delivery : message.deliveries) {
      if (delivery.waits()) {
        waiting.add(new Waiting(delivery.nextAttemptAt(), entry.id, delivery.key()));
      }
    }
    if (message.deliveries.stream().allMatch(Delivery::isFinal)) {
      finish(message, lastTryAt);
    }
  }

  // ---- the state machine, applied ----

  /**
   * Attempts the delivery now when it is due now and pushing is not paused, else waits for its
   * moment.
   */
  private void wait(PushMessage message, int i, Task task) {
    Delivery delivery = message.deliveries.get(i);
    if (!delivery.waits()) {
      return;
    }
    if (!paused
        && delivery.nextAttemptAt() <= task.now
        && delivery.status() != DeliveryStatus.RESERVED) {
      apply(message, i, new DeliveryEvent.Due(context.reservationIds().next()), task);
    } else {
      waiting.add(new Waiting(delivery.nextAttemptAt(), message.entry.id, delivery.key()));
    }
  }

  private void apply(PushMessage message, int i, DeliveryEvent event, Task task) {
    Delivery before = message.deliveries.get(i);
    waiting.remove(new Waiting(before.nextAttemptAt(), message.entry.id, before.key()));
    Transition transition = DeliveryRules.next(before, event, policy, message.entry.id, task.now);
    Delivery next = transition.next();
    message.deliveries.set(i, next);
    if (transition.write()) {
      task.batch.deliveryPut(DeliveryRecords.of(next, queueId, message.entry.id));
    }
    transition.attempt().ifPresent(subscriber -> start(message, next, subscriber, task));
    if (transition.givenUp()) {
      report(message, next, task);
    }
    wait(message, i, task);
    if (!message.finished && message.deliveries.stream().allMatch(Delivery::isFinal)) {
      finish(message, task.now);
    }
  }

  private void start(PushMessage message, Delivery delivery, Subscriber subscriber, Task task) {
    MessageEntry entry = message.entry;
    PushAttempt attempt =
        new PushAttempt(
            ref, entry.id, entry.body, subscriber, entry.pushHeaders, delivery.reservationId());
    DeliveryRecord delivered =
        DeliveryRecords.of(
            delivery.settled(
                DeliveryStatus.DELIVERED,
                delivery.nextAttemptAt(),
                delivery.reservationId(),
                DeliveryRules.withResult(
                    delivery.results(), new AttemptResult(subscriber.name(), 201, "Created"))),
            queueId,
            entry.id);
    task.emit(new Effect.StartPush(attempt, delivery.key(), delivered));
  }

  /** A delivery given up on: reported to the error queue with its final state, or just stored. */
  private void report(PushMessage message, Delivery delivery, Task task) {
    DeliveryRecord record = DeliveryRecords.of(delivery, queueId, message.entry.id);
    if (policy.errorQueue().isEmpty()) {
      task.batch.deliveryPut(record);
      return;
    }
    String body =
        context
            .messages()
            .render(
                ErrorReports.of(
                    message.entry.id,
                    message.entry.body,
                    message.entry.pushHeaders,
                    delivery,
                    policy));
    task.emit(
        new Effect.PostInternally(ref.sibling(policy.errorQueue()), body, Optional.of(record)));
  }

  private void finish(PushMessage message, long finishedAt) {
    message.finished = true;
    message.errored = message.deliveries.stream().anyMatch(d -> d.status() == DeliveryStatus.ERROR);
    if (message.errored) {
      failedCount++;
      return;
    }
    messages.remove(message.entry.id);
    index.remove(message.entry);
    receipts.add(message.entry, message.deliveries, policy, finishedAt);
  }

  // ---- events from outside ----

  @Override
  public void outcome(
      long messageId,
      String deliveryKey,
      String reservationId,
      PushOutcome outcome,
      boolean recorded,
      Task task) {
    PushMessage message = messages.get(messageId);
    int i = message == null ? -1 : indexOf(message, deliveryKey);
    if (i < 0) {
      return;
    }
    Delivery delivery = message.deliveries.get(i);
    if (!delivery.inFlight() || !delivery.reservationId().equals(reservationId)) {
      return;
    }
    DeliveryEvent event;
    if (outcome instanceof PushOutcome.Delivered ok) {
      event = new DeliveryEvent.Delivered(ok.statusCode(), recorded);
    } else if (outcome instanceof PushOutcome.Accepted) {
      event = new DeliveryEvent.Accepted();
    } else {
      PushOutcome.Failed failed = (PushOutcome.Failed) outcome;
      event = new DeliveryEvent.Failed(failed.statusCode(), failed.message());
    }
    apply(message, i, event, task);
  }

  @Override
  public void acknowledge(
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check,
      Task task) {
    PushMessage message = messages.get(messageId);
    if (message == null) {
      throw ProblemException.of(Problem.messageNotFound());
    }
    int i = -1;
    for (int k = 0; k < message.deliveries.size(); k++) {
      Delivery d = message.deliveries.get(k);
      if (d.key().equals(subscriberName)
          || (d.key().isEmpty() && d.attemptSubscriber().equals(subscriberName))) {
        i = k;
        break;
      }
    }
    if (i < 0) {
      throw ProblemException.of(
          new Problem.MessageNotFound(
              "The message has no delivery to subscriber " + subscriberName));
    }
    Delivery delivery = message.deliveries.get(i);
    if (!delivery.awaitsAcknowledgement()) {
      throw ProblemException.of(
          new Problem.ReservationMismatch(
              "No acknowledgement is awaited from " + subscriberName + " for this message"));
    }
    if (check == ReservationCheck.CURRENT_RESERVATION
        && !reservationId.map(delivery.reservationId()::equals).orElse(false)) {
      throw ProblemException.of(
          new Problem.ReservationMismatch("Reservation timed out or was replaced"));
    }
    apply(message, i, new DeliveryEvent.Acknowledged(), task);
  }

  // ---- time ----

  @Override
  public void advance(Task task) {
    for (long id : receipts.takeExpired(task.now - context.pushRetentionMillis())) {
      task.batch.messageDelete(queueId, id);
    }
    Waiting first;
    while (!paused && !waiting.isEmpty() && (first = waiting.first()).at() <= task.now) {
      waiting.pollFirst();
      PushMessage message = messages.get(first.messageId());
      int i = message == null ? -1 : indexOf(message, first.key());
      if (i >= 0) {
        apply(message, i, new DeliveryEvent.Due(context.reservationIds().next()), task);
      }
    }
  }

  @Override
  public long nextWakeAt() {
    long next = paused || waiting.isEmpty() ? Long.MAX_VALUE : waiting.first().at();
    long receipt = receipts.oldestFinishedAt();
    return receipt == Long.MAX_VALUE
        ? next
        : Math.min(next, receipt + context.pushRetentionMillis());
  }

  // ---- reading and forgetting ----

  @Override
  public Optional<PushReceipt> receipt(long messageId) {
    return receipts.get(messageId);
  }

  @Override
  public boolean removeReceipt(long messageId) {
    return receipts.remove(messageId);
  }

  @Override
  public List<PushStatus> statuses(long messageId) {
    PushMessage message = messages.get(messageId);
    if (message == null) {
      return receipts
          .get(messageId)
          .map(r -> r.statuses(policy.retriesDelaySeconds()))
          .orElse(List.of());
    }
    return PushStatuses.of(message.deliveries, policy, messageId);
  }

  @Override
  public void removed(MessageEntry entry) {
    PushMessage message = messages.remove(entry.id);
    if (message == null) {
      return;
    }
    for (Delivery delivery : message.deliveries) {
      waiting.remove(new Waiting(delivery.nextAttemptAt(), entry.id, delivery.key()));
    }
    if (message.errored) {
      failedCount--;
    }
  }

  @Override
  public void cleared() {
    messages.clear();
    waiting.clear();
    receipts.clear();
    failedCount = 0;
  }

  @Override
  public int uncounted() {
    return failedCount;
  }

  private static int indexOf(PushMessage message, String key) {
    for (int i = 0; i < message.deliveries.size(); i++) {
      if (message.deliveries.get(i).key().equals(key)) {
        return i;
      }
    }
    return -1;
  }
}
