package dev.ironmq.core;

import dev.ironmq.backend.BrowsePage;
import dev.ironmq.backend.BrowseRequest;
import dev.ironmq.backend.BrowseState;
import dev.ironmq.backend.BrowsedMessage;
import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueLoad;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.SubscriberRate;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.core.MessageEntry.Place;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One queue: its settings and counters, and the operations of the API on it, carried out on its
 * {@link MessageIndex} and {@link LongPolls}, with what consumers do in {@link Consumers} and what
 * differs between pull and push queues in its {@link QueueKind}. Reservation rules (who may delete,
 * touch or release) live in {@link Reservations}.
 *
 * <p>Thread: owned by its shard; every method runs on the shard's thread, in a task. Each operation
 * first brings the queue up to the task's time ({@link #advance}). Changes are written to the
 * task's batch, and work for other queues is emitted as effects; the caller answers once the batch
 * is durable.
 */
final class QueueState {
  final long queueId;
  final QueueRef ref;
  final long createdAt;
  private QueueConfig config;
  private long totalMessages;
  private final QueueContext context;
  private final MessageIndex index = new MessageIndex();
  private final LongPolls longPolls;
  private final QueueAlerts alerts = new QueueAlerts();
  private final Consumers consumers;
  private QueueKind kind;
  private final Consumer<QueueState> changed;

  /**
   * A queue as stored; {@code changed} hears of it whenever an operation changes it, so that its
   * shard looks at its alerts and its wake-up when the task ends.
   */
  QueueState(
      QueueRecord record,
      long totalMessages,
      QueueContext context,
      AtomicLong parked,
      Consumer<QueueState> changed) {
    this.queueId = record.queueId();
    this.ref = new QueueRef(record.projectId(), record.name());
    this.createdAt = record.createdAt();
    this.config = record.config();
    this.totalMessages = totalMessages;
    this.context = context;
    this.changed = changed;
    this.longPolls = new LongPolls(parked);
    this.consumers = new Consumers(queueId, ref, index, longPolls, context);
    this.kind = kindFor(config);
  }

  private QueueKind kindFor(QueueConfig newConfig) {
    return newConfig.type().isPush()
        ? new PushQueue(queueId, ref, index, context, newConfig)
        : new PullQueue(index);
  }

  QueueConfig config() {
    return config;
  }

  /**
   * Takes new settings. A pull queue made push keeps serving the pull messages it had. Parked
   * reserves get what is available, as reserving may have just been resumed.
   */
  void reconfigure(QueueConfig newConfig, Task task) {
    config = newConfig;
    if (config.type().isPush() && kind instanceof PullQueue) {
      kind = kindFor(config);
    } else {
      kind.reconfigured(config);
    }
    alerts.reset(size(), config.alerts());
    task.batch.queuePut(record());
    consumers.serveWaiters(config, task);
  }

  /** Messages in the queue now: available, reserved, delayed, and push messages not done. */
  long size() {
    return index.size() - kind.uncounted();
  }

  QueueRecord record() {
    return new QueueRecord(queueId, ref.projectId(), ref.name(), config, createdAt);
  }

  QueueInfo info(Task task) {
    advance(task);
    return new QueueInfo(ref, size(), totalMessages, config);
  }

  /** What the queue holds now, for monitoring. */
  QueueLoad load(Task task) {
    advance(task);
    return new QueueLoad(
        ref, size(), index.reservedCount(), index.delayedCount(), index.availableAgeAt(task.now));
  }

  // ---- posting ----

  List<Long> post(List<NewMessage> newMessages, Task task) {
    advance(task);
    List<Long> ids = new ArrayList<>(newMessages.size());
    for (NewMessage message : newMessages) {
      long id = context.messageIds().next(task.now);
      MessageEntry entry =
          MessageEntry.posted(id, message, task.now, config.messageExpirationSeconds());
      long availableAt = task.now + message.delaySeconds() * 1000L;
      task.batch.messagePut(entry.record(queueId, availableAt));
      kind.accept(entry, availableAt, task);
      ids.add(id);
    }
    countPosted(newMessages.size(), task);
    task.batch.sequenceRaise(MessageIds.SEQUENCE, ids.get(ids.size() - 1));
    consumers.serveWaiters(config, task);
    return ids;
  }

  /** Takes in a message moved here from another queue, keeping its id, body and reservations. */
  void adopt(MessageRecord moved, int reservedCount, Task task) {
    advance(task);
    MessageEntry entry =
        MessageEntry.moved(moved, reservedCount, task.now, config.messageExpirationSeconds());
    task.batch.messagePut(entry.record(queueId, task.now));
    task.batch.messageStatePut(entry.state(queueId));
    kind.accept(entry, task.now, task);
    countPosted(1, task);
    consumers.serveWaiters(config, task);
  }

  private void countPosted(int count, Task task) {
    context.tell(ref, MessageEvents.Kind.POSTED, count);
    totalMessages += count;
    task.batch.queueCounterPut(queueId, totalMessages);
  }

  // ---- reserving ----

  /** Reserves (or, with {@code delete}, removes) up to {@code count} available messages. */
  List<ReservedMessage> reserve(ReserveRequest request, Task task) {
    advance(task);
    return consumers.take(request, config, task);
  }

  /** Parks a reserve until a message is available or its wait ends. */
  Waiter await(ReserveRequest request, CompletableFuture<List<ReservedMessage>> result, Task task) {
    changed.accept(this);
    return longPolls.park(request, result, task.now + request.waitSeconds() * 1000L);
  }

  /** Ends a parked reserve with no messages: its client went away. */
  void cancel(Waiter waiter, Task task) {
    changed.accept(this);
    if (longPolls.remove(waiter)) {
      waiter.finish(List.of(), task);
    }
  }

  // ---- reading ----

  List<MessageView> peek(int count, Task task) {
    advance(task);
    return index.peek(count).stream().map(this::view).toList();
  }

  /** A page of the queue's messages in id order, changing none of them. */
  BrowsePage browse(BrowseRequest request, Task task) {
    advance(task);
    List<MessageEntry> picked =
        index.firstAfter(
            request.afterId(),
            request.count() + 1,
            entry ->
                BrowseViews.stateOf(entry)
                    .map(state -> request.wants(state, entry.body))
                    .orElse(false));
    boolean more = picked.size() > request.count();
    List<BrowsedMessage> page = new ArrayList<>(Math.min(picked.size(), request.count()));
    for (MessageEntry entry : more ? picked.subList(0, request.count()) : picked) {
      BrowseState state = BrowseViews.stateOf(entry).orElseThrow();
      page.add(
          BrowseViews.view(
              entry,
              state,
              Reservations.timeoutFor(entry, 0, config),
              state == BrowseState.DELIVERING ? kind.statuses(entry.id) : List.of()));
    }
    return new BrowsePage(
        page, more ? OptionalLong.of(page.get(page.size() - 1).id()) : OptionalLong.empty());
  }

  MessageView get(long messageId, Task task) {
    advance(task);
    MessageEntry entry = index.get(messageId);
    if (entry == null) {
      return kind.receipt(messageId)
          .map(r -> r.view(config.push().orElseThrow().retriesDelaySeconds()))
          .orElseThrow(() -> ProblemException.of(Problem.messageNotFound()));
    }
    return view(entry);
  }

  private MessageView view(MessageEntry entry) {
    return new MessageView(
        entry.id,
        entry.body,
        entry.reservedCount,
        entry.place == Place.RESERVED,
        Reservations.timeoutFor(entry, 0, config),
        entry.place == Place.HELD ? kind.statuses(entry.id) : List.of());
  }

  // ---- finishing with messages ----

  /** Deletes a message, or the receipt of a delivered push message. */
  void delete(long messageId, Reservations.Claim claim, Task task) {
    advance(task);
    if (isReceipt(messageId)) {
      Reservations.checkMayDeleteReceipt(claim);
      kind.removeReceipt(messageId);
      task.batch.messageDelete(queueId, messageId);
      return;
    }
    MessageEntry entry = find(messageId);
    Reservations.checkMayDelete(entry, claim);
    remove(entry, task);
    task.batch.messageDelete(queueId, messageId);
    context.tell(ref, MessageEvents.Kind.DELETED, 1);
  }

  /** Deletes every message given, or none of them when any is missing or held by another. */
  void deleteAll(List<Long> messageIds, List<Reservations.Claim> claims, Task task) {
    advance(task);
    Set<MessageEntry> entries = new LinkedHashSet<>();
    Set<Long> receipts = new LinkedHashSet<>();
    for (int i = 0; i < messageIds.size(); i++) {
      long id = messageIds.get(i);
      if (isReceipt(id)) {
        receipts.add(id);
        continue;
      }
      MessageEntry entry = find(id);
      Reservations.checkMayDelete(entry, claims.get(i));
      entries.add(entry);
    }
    for (MessageEntry entry : entries) {
      remove(entry, task);
      task.batch.messageDelete(queueId, entry.id);
    }
    context.tell(ref, MessageEvents.Kind.DELETED, entries.size());
    for (long id : receipts) {
      kind.removeReceipt(id);
      task.batch.messageDelete(queueId, id);
    }
  }

  void clear(Task task) {
    changed.accept(this);
    index.clear();
    kind.cleared();
    task.batch.messagesClear(queueId);
  }

  ReservedMessage touch(long messageId, Reservations.Claim claim, int timeoutSeconds, Task task) {
    advance(task);
    return consumers.touch(find(messageId), claim, timeoutSeconds, config, task);
  }

  void release(long messageId, Reservations.Claim claim, int delaySeconds, Task task) {
    advance(task);
    consumers.release(find(messageId), claim, delaySeconds, config, task);
  }

  /** Whether the id is of a delivered push message's receipt, no longer a message. */
  private boolean isReceipt(long messageId) {
    return index.get(messageId) == null && kind.receipt(messageId).isPresent();
  }

  private MessageEntry find(long messageId) {
    MessageEntry entry = index.get(messageId);
    if (entry == null) {
      throw ProblemException.of(Problem.messageNotFound());
    }
    return entry;
  }

  private void remove(MessageEntry entry, Task task) {
    index.remove(entry);
    kind.removed(entry);
    changed.accept(this);
  }

  /** The queue is being deleted (the caller writes that): parked reserves end empty. */
  void drop(Task task) {
    endWaits(task);
    index.clear();
    kind.cleared();
  }

  /** Ends every parked reserve now, with no messages. */
  void endWaits(Task task) {
    changed.accept(this);
    for (Waiter waiter : longPolls.takeAll()) {
      waiter.finish(List.of(), task);
    }
  }

  // ---- push ----

  /** Acknowledges a push delivery that got a 202 (or, API v1, any awaited delivery). */
  void acknowledge(long messageId, String subscriberName, Reservations.Claim claim, Task task) {
    advance(task);
    if (isReceipt(messageId)) {
      throw ProblemException.of(
          new Problem.ReservationMismatch("The message was delivered; nothing is awaited"));
    }
    MessageEntry entry = find(messageId);
    if (entry.place != Place.HELD) {
      throw ProblemException.invalid("The message has no push deliveries to acknowledge");
    }
    kind.acknowledge(messageId, subscriberName, claim.reservationId(), claim.check(), task);
  }

  List<PushStatus> pushStatuses(long messageId, Task task) {
    advance(task);
    if (isReceipt(messageId)) {
      return kind.statuses(messageId);
    }
    MessageEntry entry = find(messageId);
    return entry.place == Place.HELD ? kind.statuses(messageId) : List.of();
  }

  /** The answer to a push attempt this queue started. */
  void pushOutcome(
      long messageId,
      String deliveryKey,
      String reservationId,
      PushOutcome outcome,
      boolean recorded,
      Task task) {
    changed.accept(this);
    kind.outcome(messageId, deliveryKey, reservationId, outcome, recorded, task);
  }

  // ---- time ----

  /**
   * Brings the queue up to the task's time: expired messages go, ended reservations and delays make
   * their messages available (and parked reserves get them), push attempts that fell due start, and
   * parked reserves whose wait ended are answered with nothing.
   */
  void advance(Task task) {
    changed.accept(this);
    MessageIndex.Advance advanced = index.advanceTo(task.now);
    for (MessageEntry expired : advanced.expired()) {
      kind.removed(expired);
      task.batch.messageDelete(queueId, expired.id);
    }
    context.tell(ref, MessageEvents.Kind.EXPIRED, advanced.expired().size());
    context.tell(ref, MessageEvents.Kind.TIMED_OUT, advanced.timedOut());
    kind.advance(task);
    if (advanced.madeAvailable()) {
      consumers.serveWaiters(config, task);
    }
    for (Waiter waiter : longPolls.takeExpired(task.now)) {
      waiter.finish(List.of(), task);
    }
  }

  /**
   * When the queue next needs to run with no request: a message expires, a push attempt falls due,
   * a parked reserve's wait ends, or (while reserves are parked) a message becomes visible.
   */
  long nextWakeAt() {
    long next = Math.min(index.nextExpiryAt(), kind.nextWakeAt());
    if (!longPolls.isEmpty()) {
      next = Math.min(next, Math.min(longPolls.nextDeadline(), index.nextVisibleAt()));
    }
    return next;
  }

  // ---- alerts ----

  /** Fires the alerts that the size change since the last look crossed. */
  void watchAlerts(Task task) {
    alerts.fire(ref, config.alerts(), size(), context.messages(), task);
  }

  /** Whether the queue has age or failure-rate alerts, which a periodic check judges. */
  boolean hasCheckedAlerts() {
    return config.alerts().stream().anyMatch(alert -> !alert.kind().watchesSize());
  }

  /**
   * Fires the age and failure-rate alerts whose reading now crosses their trigger, given the
   * subscribers' attempts of the last minute by name.
   */
  void checkAlerts(Map<String, SubscriberRate> rates, Task task) {
    advance(task);
    List<String> subscribers =
        config
            .push()
            .map(push -> push.subscribers().stream().map(s -> s.name()).toList())
            .orElse(List.of());
    alerts.check(
        ref,
        config.alerts(),
        size(),
        index.availableAgeAt(task.now),
        rates,
        subscribers,
        context.messages(),
        task);
  }

  // ---- start-up ----

  /** Puts a stored, unexpired message back where it was, as of {@code now}. */
  void restore(
      MessageRecord record,
      Optional<MessageState> state,
      List<DeliveryRecord> deliveries,
      long now) {
    MessageEntry entry = MessageEntry.from(record);
    if (!deliveries.isEmpty() && kind instanceof PushQueue push) {
      index.hold(entry);
      push.restore(entry, deliveries, now);
      return;
    }
    entry.reservedCount = state.map(MessageState::reservedCount).orElse(0);
    index.restore(
        entry,
        record.availableAt(),
        state.map(MessageState::visibleAt).orElse(record.availableAt()),
        state.map(MessageState::reservationId).orElse(""),
        now);
  }

  /** Ends a restore: available messages in the order they had, alerts watching from here. */
  void finishRestore() {
    index.finishRestore();
    alerts.reset(size(), config.alerts());
  }
}
