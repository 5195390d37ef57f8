package dev.ironmq.core;

import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.AlertRules;
import dev.ironmq.backend.DeadLetterPolicy;
import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.core.MessageEntry.Place;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * One queue's messages in memory, and every operation on them.
 *
 * <p>Thread: owned by its shard; every method runs on the shard's thread. Each operation first
 * brings the queue up to {@code tx.now} ({@link #advance}): expired messages go, ended reservations
 * and delays make their messages available again. Changes are written to the task's batch; the
 * caller answers the client once that batch is durable.
 *
 * <p>Structures: {@code available} is the FIFO of messages ready to reserve (returned messages are
 * put at its front); {@code delayed} and {@code reserved} are ordered by the time each message next
 * changes. Entries that leave {@code available} or {@code byExpiry} other than from their head are
 * left in place, marked gone, and skipped; both are rebuilt once most of their entries are stale.
 */
final class QueueState {
  private static final int REBUILD_MIN_STALE = 1024;

  final long queueId;
  final QueueRef ref;
  final long createdAt;
  private QueueConfig config;
  private long totalMessages;

  private final Shard shard;
  private final Map<Long, MessageEntry> messages = new HashMap<>();
  private ArrayDeque<MessageEntry> available = new ArrayDeque<>();
  private int staleAvailable;
  private final TreeSet<MessageEntry> delayed = new TreeSet<>(MessageEntry.BY_VISIBLE_AT);
  private final TreeSet<MessageEntry> reserved = new TreeSet<>(MessageEntry.BY_VISIBLE_AT);
  private PriorityQueue<MessageEntry> byExpiry = newExpiryHeap();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private Timers.Timer wakeUp;
  private PushBook pushBook;
  private long alertSize;
  private final Map<String, Long> alertFiredAt = new HashMap<>();
  private final List<MessageEntry> restoredReturns = new ArrayList<>();
  private final List<MessageEntry> restoredPosts = new ArrayList<>();

  QueueState(Shard shard, QueueRecord record, long totalMessages) {
    this.shard = shard;
    this.queueId = record.queueId();
    this.ref = new QueueRef(record.projectId(), record.name());
    this.createdAt = record.createdAt();
    this.config = record.config();
    this.totalMessages = totalMessages;
    this.pushBook = config.type().isPush() ? new PushBook(this, shard) : null;
  }

  QueueConfig config() {
    return config;
  }

  void reconfigure(QueueConfig newConfig, Tx tx) {
    config = newConfig;
    if (config.type().isPush() && pushBook == null) {
      pushBook = new PushBook(this, shard);
    }
    alertSize = size();
    tx.batch.queuePut(record());
  }

  /** Messages in the queue now: available, reserved, delayed, and push messages not done. */
  long size() {
    return messages.size() - (pushBook == null ? 0 : pushBook.failedCount());
  }

  QueueRecord record() {
    return new QueueRecord(queueId, ref.projectId(), ref.name(), config, createdAt);
  }

  QueueInfo info(Tx tx) {
    advance(tx);
    return new QueueInfo(ref, size(), totalMessages, config);
  }

  // ---- posting ----

  List<Long> post(List<NewMessage> newMessages, Tx tx) {
    advance(tx);
    List<Long> ids = new ArrayList<>(newMessages.size());
    for (NewMessage message : newMessages) {
      long id = shard.nextMessageId(tx.now);
      int lifetime =
          message.expiresInSeconds() > 0
              ? message.expiresInSeconds()
              : config.messageExpirationSeconds();
      MessageEntry entry =
          new MessageEntry(
              id,
              message.body(),
              tx.now,
              tx.now + lifetime * 1000L,
              message.timeoutSeconds(),
              message.pushHeaders());
      long availableAt = tx.now + message.delaySeconds() * 1000L;
      tx.batch.messagePut(entry.record(queueId, availableAt));
      if (pushBook != null) {
        hold(entry);
        pushBook.post(entry, availableAt, tx);
      } else {
        add(entry, availableAt, false, tx.now);
      }
      ids.add(id);
    }
    tx.sizeChanged(this);
    countPosted(newMessages.size(), tx);
    tx.batch.sequenceRaise(MessageIds.SEQUENCE, ids.get(ids.size() - 1));
    serveWaiters(tx);
    return ids;
  }

  /** Takes in a message moved here from another queue, keeping its id, body and reservations. */
  void adopt(MessageRecord moved, int reservedCount, Tx tx) {
    advance(tx);
    MessageEntry entry =
        new MessageEntry(
            moved.messageId(),
            moved.body(),
            tx.now,
            tx.now + config.messageExpirationSeconds() * 1000L,
            moved.timeoutSeconds(),
            moved.pushHeaders());
    entry.reservedCount = reservedCount;
    entry.visibleAt = tx.now;
    tx.batch.messagePut(entry.record(queueId, tx.now));
    tx.batch.messageStatePut(entry.state(queueId));
    if (pushBook != null) {
      hold(entry);
      pushBook.post(entry, tx.now, tx);
    } else {
      add(entry, tx.now, false, tx.now);
    }
    tx.sizeChanged(this);
    countPosted(1, tx);
    serveWaiters(tx);
  }

  private void countPosted(int count, Tx tx) {
    totalMessages += count;
    tx.batch.queueCounterPut(queueId, totalMessages);
  }

  // ---- reserving ----

  /** Reserves (or, with {@code delete}, removes) up to {@code count} available messages. */
  List<ReservedMessage> reserve(ReserveRequest request, Tx tx) {
    advance(tx);
    return take(request, tx);
  }

  /** Parks a reserve until a message is available or its wait ends. */
  void await(Waiter waiter, Tx tx) {
    waiters.addLast(waiter);
    waiter.parked();
    waiter.deadline =
        shard.timers.schedule(
            tx.now + waiter.request.waitSeconds() * 1000L,
            () -> shard.inTx(later -> expire(waiter, later)));
    scheduleWakeUp();
  }

  /** Ends a parked reserve with no messages: its wait is over or its client went away. */
  void expire(Waiter waiter, Tx tx) {
    if (waiters.remove(waiter)) {
      waiter.finish(List.of(), tx);
      scheduleWakeUp();
    }
  }

  private List<ReservedMessage> take(ReserveRequest request, Tx tx) {
    List<ReservedMessage> taken = new ArrayList<>(Math.min(request.count(), 16));
    Optional<DeadLetterPolicy> deadLetter = config.deadLetter();
    while (taken.size() < request.count()) {
      MessageEntry entry = pollAvailable();
      if (entry == null) {
        break;
      }
      if (deadLetter.isPresent() && entry.reservedCount >= deadLetter.get().maxReservations()) {
        remove(entry, tx);
        shard.deadLetter(
            ref.sibling(deadLetter.get().queueName()),
            queueId,
            entry.record(queueId, entry.postedAt),
            entry.reservedCount);
        continue;
      }
      entry.reservedCount++;
      int timeout = timeoutFor(entry, request.timeoutSeconds());
      if (request.delete()) {
        remove(entry, tx);
        tx.batch.messageDelete(queueId, entry.id);
        taken.add(new ReservedMessage(entry.id, entry.body, entry.reservedCount, "", timeout));
      } else {
        entry.reservationId = shard.newReservationId();
        entry.visibleAt = tx.now + timeout * 1000L;
        entry.place = Place.RESERVED;
        reserved.add(entry);
        tx.batch.messageStatePut(entry.state(queueId));
        taken.add(
            new ReservedMessage(
                entry.id, entry.body, entry.reservedCount, entry.reservationId, timeout));
      }
    }
    return taken;
  }

  private int timeoutFor(MessageEntry entry, int requested) {
    if (requested > 0) {
      return requested;
    }
    return entry.timeoutSeconds > 0 ? entry.timeoutSeconds : config.messageTimeoutSeconds();
  }

  // ---- reading ----

  List<MessageView> peek(int count, Tx tx) {
    advance(tx);
    List<MessageView> views = new ArrayList<>(Math.min(count, 16));
    Iterator<MessageEntry> it = available.iterator();
    while (views.size() < count && it.hasNext()) {
      MessageEntry entry = it.next();
      if (entry.place == Place.AVAILABLE) {
        views.add(view(entry));
      }
    }
    return views;
  }

  MessageView get(long messageId, Tx tx) {
    advance(tx);
    MessageEntry entry = messages.get(messageId);
    if (entry == null) {
      return receipt(messageId)
          .map(r -> r.view(config.push().orElseThrow().retriesDelaySeconds()))
          .orElseThrow(() -> ProblemException.of(Problem.messageNotFound()));
    }
    return view(entry);
  }

  /** The receipt of a delivered push message still retained, if this is one. */
  private Optional<PushReceipt> receipt(long messageId) {
    return pushBook == null ? Optional.empty() : pushBook.receipt(messageId);
  }

  private MessageView view(MessageEntry entry) {
    return new MessageView(
        entry.id,
        entry.body,
        entry.reservedCount,
        entry.place == Place.RESERVED,
        timeoutFor(entry, 0),
        entry.place == Place.PUSHED ? pushBook.statuses(entry.id) : List.of());
  }

  // ---- finishing with messages ----

  void delete(long messageId, Optional<String> reservationId, ReservationCheck check, Tx tx) {
    advance(tx);
    if (!messages.containsKey(messageId) && receipt(messageId).isPresent()) {
      if (check == ReservationCheck.CURRENT_RESERVATION && reservationId.isPresent()) {
        throw reservationMismatch();
      }
      pushBook.removeReceipt(messageId);
      tx.batch.messageDelete(queueId, messageId);
      return;
    }
    MessageEntry entry = find(messageId);
    checkMayDelete(entry, reservationId, check);
    remove(entry, tx);
    tx.batch.messageDelete(queueId, messageId);
  }

  /** Deletes every target, or none of them when any is missing or held by another reservation. */
  void deleteAll(List<DeleteTarget> targets, ReservationCheck check, Tx tx) {
    advance(tx);
    List<MessageEntry> entries = new ArrayList<>(targets.size());
    Set<Long> seen = new HashSet<>();
    Set<Long> receipts = new HashSet<>();
    for (DeleteTarget target : targets) {
      if (!messages.containsKey(target.messageId()) && receipt(target.messageId()).isPresent()) {
        receipts.add(target.messageId());
        continue;
      }
      MessageEntry entry = find(target.messageId());
      checkMayDelete(entry, target.reservationId(), check);
      if (seen.add(entry.id)) {
        entries.add(entry);
      }
    }
    for (MessageEntry entry : entries) {
      remove(entry, tx);
      tx.batch.messageDelete(queueId, entry.id);
    }
    for (long id : receipts) {
      pushBook.removeReceipt(id);
      tx.batch.messageDelete(queueId, id);
    }
  }

  private static void checkMayDelete(
      MessageEntry entry, Optional<String> reservationId, ReservationCheck check) {
    if (check == ReservationCheck.NONE) {
      return;
    }
    if (entry.place == Place.RESERVED) {
      if (reservationId.isEmpty()) {
        throw ProblemException.of(
            new Problem.ReservationMismatch(
                "Message is reserved; its reservation_id is required to delete it"));
      }
      if (!reservationId.get().equals(entry.reservationId)) {
        throw reservationMismatch();
      }
    } else if (reservationId.isPresent()) {
      throw reservationMismatch();
    }
  }

  void clear(Tx tx) {
    forgetMessages();
    tx.sizeChanged(this);
    tx.batch.messagesClear(queueId);
  }

  private void forgetMessages() {
    for (MessageEntry entry : messages.values()) {
      entry.place = Place.GONE;
    }
    messages.clear();
    available.clear();
    staleAvailable = 0;
    delayed.clear();
    reserved.clear();
    byExpiry = newExpiryHeap();
    if (pushBook != null) {
      pushBook.clear();
    }
    scheduleWakeUp();
  }

  /** Gives the reserved message a new reservation of {@code timeoutSeconds} from now. */
  ReservedMessage touch(
      long messageId,
      Optional<String> reservationId,
      int timeoutSeconds,
      ReservationCheck check,
      Tx tx) {
    advance(tx);
    MessageEntry entry = findReserved(messageId, reservationId, check);
    int timeout = timeoutFor(entry, timeoutSeconds);
    reserved.remove(entry);
    entry.reservationId = shard.newReservationId();
    entry.visibleAt = tx.now + timeout * 1000L;
    entry.reservedCount++;
    reserved.add(entry);
    tx.batch.messageStatePut(entry.state(queueId));
    scheduleWakeUp();
    return new ReservedMessage(
        entry.id, entry.body, entry.reservedCount, entry.reservationId, timeout);
  }

  /** Ends a reservation early; the message returns to the front, after {@code delaySeconds}. */
  void release(
      long messageId,
      Optional<String> reservationId,
      int delaySeconds,
      ReservationCheck check,
      Tx tx) {
    advance(tx);
    MessageEntry entry = findReserved(messageId, reservationId, check);
    reserved.remove(entry);
    entry.reservationId = "";
    entry.visibleAt = tx.now + delaySeconds * 1000L;
    tx.batch.messageStatePut(entry.state(queueId));
    if (delaySeconds > 0) {
      entry.place = Place.DELAYED;
      entry.returnsToFront = true;
      delayed.add(entry);
    } else {
      entry.place = Place.AVAILABLE;
      available.addFirst(entry);
      serveWaiters(tx);
    }
    scheduleWakeUp();
  }

  private MessageEntry findReserved(
      long messageId, Optional<String> reservationId, ReservationCheck check) {
    MessageEntry entry = find(messageId);
    if (entry.place != Place.RESERVED) {
      throw ProblemException.of(
          new Problem.ReservationMismatch("Message is not reserved; its reservation has ended"));
    }
    if (check == ReservationCheck.CURRENT_RESERVATION
        && !reservationId.map(entry.reservationId::equals).orElse(false)) {
      throw reservationMismatch();
    }
    return entry;
  }

  private static ProblemException reservationMismatch() {
    return ProblemException.of(
        new Problem.ReservationMismatch("Reservation timed out or was replaced"));
  }

  private MessageEntry find(long messageId) {
    MessageEntry entry = messages.get(messageId);
    if (entry == null) {
      throw ProblemException.of(Problem.messageNotFound());
    }
    return entry;
  }

  /**
   * The queue is being deleted (the caller writes that): parked reserves end empty, timers stop and
   * memory is freed.
   */
  void drop(Tx tx) {
    endWaits(tx);
    forgetMessages();
  }

  /** Ends every parked reserve now, with no messages. */
  void endWaits(Tx tx) {
    for (Waiter waiter : waiters) {
      waiter.finish(List.of(), tx);
    }
    waiters.clear();
    scheduleWakeUp();
  }

  // ---- push ----

  /** Hands a new message to the push book instead of the pull structures. */
  private void hold(MessageEntry entry) {
    messages.put(entry.id, entry);
    byExpiry.add(entry);
    entry.place = Place.PUSHED;
  }

  /** Acknowledges a push delivery that got a 202 (or, API v1, any awaited delivery). */
  void acknowledge(
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check,
      Tx tx) {
    advance(tx);
    if (!messages.containsKey(messageId) && receipt(messageId).isPresent()) {
      throw ProblemException.of(
          new Problem.ReservationMismatch("The message was delivered; nothing is awaited"));
    }
    MessageEntry entry = find(messageId);
    if (entry.place != Place.PUSHED) {
      throw ProblemException.invalid("The message has no push deliveries to acknowledge");
    }
    pushBook.acknowledge(messageId, subscriberName, reservationId, check, tx);
    tx.sizeChanged(this);
  }

  List<PushStatus> pushStatuses(long messageId, Tx tx) {
    advance(tx);
    if (!messages.containsKey(messageId) && receipt(messageId).isPresent()) {
      return pushBook.statuses(messageId);
    }
    MessageEntry entry = find(messageId);
    return entry.place == Place.PUSHED ? pushBook.statuses(messageId) : List.of();
  }

  /** A delivered push message leaves the queue's structures for its push book's receipts. */
  void retire(MessageEntry entry) {
    messages.remove(entry.id);
    entry.place = Place.GONE;
  }

  void pushOutcome(
      long messageId,
      String key,
      String reservationId,
      PushOutcome outcome,
      boolean recorded,
      Tx tx) {
    if (pushBook != null) {
      pushBook.outcome(messageId, key, reservationId, outcome, recorded, tx);
      tx.sizeChanged(this);
    }
  }

  // ---- alerts ----

  /** Fires the alerts that the size change since the last look crossed. */
  void watchAlerts(Tx tx) {
    long before = alertSize;
    long now = size();
    alertSize = now;
    if (config.alerts().isEmpty() || before == now) {
      return;
    }
    for (AlertRecord alert : config.alerts()) {
      if (!AlertRules.fires(alert, before, now)) {
        continue;
      }
      Long last = alertFiredAt.get(alert.id());
      if (last != null && tx.now - last < alert.snoozeSeconds() * 1000L) {
        continue;
      }
      alertFiredAt.put(alert.id(), tx.now);
      shard.postAlert(ref.sibling(alert.targetQueue()), alertBody(alert, now, tx.now));
    }
  }

  private String alertBody(AlertRecord alert, long size, long now) {
    return new JsonText()
        .open()
        .field("source_queue", ref.name())
        .field("queue_size", size)
        .field("alert_id", alert.id())
        .field("alert_type", alert.progressive() ? "progressive" : "fixed")
        .field("alert_direction", alert.descending() ? "desc" : "asc")
        .field("alert_trigger", alert.trigger())
        .field(
            "created_at",
            java.time.Instant.ofEpochMilli(now)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString())
        .close()
        .toString();
  }

  // ---- time ----

  /**
   * Brings the queue up to {@code tx.now}: removes expired messages, returns messages whose
   * reservation or release delay ended to the front (the latest return first, as if each had been
   * put there the moment it returned), and posted messages whose delay ended to the back; then
   * hands what became available to parked reserves.
   */
  void advance(Tx tx) {
    expire(tx);
    if (pushBook != null) {
      pushBook.purge(shard.pushRetentionMillis(), tx);
    }
    List<MessageEntry> toFront = null;
    MessageEntry first;
    while (!reserved.isEmpty() && (first = reserved.first()).visibleAt <= tx.now) {
      reserved.pollFirst();
      first.reservationId = "";
      toFront = append(toFront, first);
    }
    boolean madeAvailable = toFront != null;
    while (!delayed.isEmpty() && (first = delayed.first()).visibleAt <= tx.now) {
      delayed.pollFirst();
      madeAvailable = true;
      if (first.returnsToFront) {
        toFront = append(toFront, first);
      } else {
        first.place = Place.AVAILABLE;
        available.addLast(first);
      }
    }
    if (toFront != null) {
      // In the order they returned, each in front of the last: the latest return comes first.
      toFront.sort(MessageEntry.BY_VISIBLE_AT);
      for (MessageEntry entry : toFront) {
        entry.place = Place.AVAILABLE;
        entry.returnsToFront = false;
        available.addFirst(entry);
      }
    }
    if (madeAvailable) {
      serveWaiters(tx);
    }
  }

  private void expire(Tx tx) {
    MessageEntry head;
    while ((head = byExpiry.peek()) != null && head.expiresAt <= tx.now) {
      byExpiry.poll();
      if (!head.isGone()) {
        remove(head, tx);
        tx.batch.messageDelete(queueId, head.id);
      }
    }
  }

  private static List<MessageEntry> append(List<MessageEntry> list, MessageEntry entry) {
    List<MessageEntry> target = list == null ? new ArrayList<>() : list;
    target.add(entry);
    return target;
  }

  /** Whether anything here may change with time alone (for the periodic sweep). */
  boolean hasTimedWork(long now) {
    MessageEntry head = byExpiry.peek();
    return (head != null && head.expiresAt <= now)
        || (pushBook != null && pushBook.hasPurgeDue(shard.pushRetentionMillis(), now))
        || (!reserved.isEmpty() && reserved.first().visibleAt <= now)
        || (!delayed.isEmpty() && delayed.first().visibleAt <= now);
  }

  private void serveWaiters(Tx tx) {
    while (!waiters.isEmpty() && hasAvailable()) {
      Waiter waiter = waiters.peekFirst();
      List<ReservedMessage> taken = take(waiter.request, tx);
      if (taken.isEmpty()) {
        break;
      }
      waiters.pollFirst();
      waiter.finish(taken, tx);
    }
    scheduleWakeUp();
  }

  /**
   * While reserves are parked, keeps one timer at the moment the next delayed or reserved message
   * becomes available, so that a parked reserve gets it at once.
   */
  private void scheduleWakeUp() {
    long next = Long.MAX_VALUE;
    if (!waiters.isEmpty()) {
      if (!delayed.isEmpty()) {
        next = delayed.first().visibleAt;
      }
      if (!reserved.isEmpty()) {
        next = Math.min(next, reserved.first().visibleAt);
      }
    }
    if (wakeUp != null && wakeUp.isPending() && wakeUp.dueAt() == next) {
      return;
    }
    if (wakeUp != null) {
      wakeUp.cancel();
      wakeUp = null;
    }
    if (next != Long.MAX_VALUE) {
      wakeUp = shard.timers.schedule(next, () -> shard.inTx(this::advance));
    }
  }

  // ---- structure upkeep ----

  private void add(MessageEntry entry, long visibleAt, boolean toFront, long now) {
    messages.put(entry.id, entry);
    byExpiry.add(entry);
    entry.visibleAt = visibleAt;
    if (visibleAt > now) {
      entry.place = Place.DELAYED;
      entry.returnsToFront = toFront;
      delayed.add(entry);
    } else {
      entry.place = Place.AVAILABLE;
      if (toFront) {
        available.addFirst(entry);
      } else {
        available.addLast(entry);
      }
    }
  }

  private MessageEntry pollAvailable() {
    MessageEntry entry;
    while ((entry = available.pollFirst()) != null) {
      if (entry.place == Place.AVAILABLE) {
        return entry;
      }
      staleAvailable--;
    }
    return null;
  }

  private boolean hasAvailable() {
    MessageEntry entry;
    while ((entry = available.peekFirst()) != null && entry.place != Place.AVAILABLE) {
      available.pollFirst();
      staleAvailable--;
    }
    return entry != null;
  }

  private void remove(MessageEntry entry, Tx tx) {
    messages.remove(entry.id);
    tx.sizeChanged(this);
    switch (entry.place) {
      case AVAILABLE -> staleAvailable++;
      case DELAYED -> delayed.remove(entry);
      case RESERVED -> reserved.remove(entry);
      case PUSHED -> pushBook.forget(entry.id);
      case GONE -> throw new IllegalStateException("message " + entry.id + " is already gone");
    }
    entry.place = Place.GONE;
    rebuildIfStale();
  }

  private void rebuildIfStale() {
    if (staleAvailable > REBUILD_MIN_STALE && staleAvailable > available.size() / 2) {
      ArrayDeque<MessageEntry> live = new ArrayDeque<>(available.size() - staleAvailable);
      for (MessageEntry entry : available) {
        if (entry.place == Place.AVAILABLE) {
          live.addLast(entry);
        }
      }
      available = live;
      staleAvailable = 0;
    }
    if (byExpiry.size() > REBUILD_MIN_STALE && byExpiry.size() > 2 * messages.size()) {
      PriorityQueue<MessageEntry> live = newExpiryHeap();
      live.addAll(messages.values());
      byExpiry = live;
    }
  }

  private static PriorityQueue<MessageEntry> newExpiryHeap() {
    return new PriorityQueue<>(
        Comparator.<MessageEntry>comparingLong(e -> e.expiresAt).thenComparingLong(e -> e.id));
  }

  // ---- start-up ----

  /**
   * Puts a stored, unexpired message back where it was, as of {@code now}. A message whose
   * visibility was pushed past the moment it first became available (by a reservation or a release)
   * had returned to the queue; any other message is where its post put it.
   */
  void restore(
      MessageRecord record,
      Optional<MessageState> state,
      List<DeliveryRecord> deliveries,
      long now) {
    MessageEntry entry = MessageEntry.from(record);
    if (!deliveries.isEmpty() && pushBook != null) {
      hold(entry);
      pushBook.restore(entry, deliveries, now);
      return;
    }
    long visibleAt = state.map(MessageState::visibleAt).orElse(record.availableAt());
    boolean returned = visibleAt > record.availableAt();
    entry.reservedCount = state.map(MessageState::reservedCount).orElse(0);
    entry.visibleAt = visibleAt;
    messages.put(entry.id, entry);
    byExpiry.add(entry);
    if (state.isPresent() && state.get().isReserved() && visibleAt > now) {
      entry.reservationId = state.get().reservationId();
      entry.place = Place.RESERVED;
      reserved.add(entry);
    } else if (visibleAt > now) {
      entry.place = Place.DELAYED;
      entry.returnsToFront = returned;
      delayed.add(entry);
    } else {
      entry.place = Place.AVAILABLE;
      (returned ? restoredReturns : restoredPosts).add(entry);
    }
  }

  /**
   * Ends a restore, putting available messages in the order they had: returned ones in front, the
   * most recently returned first; then the others in the order they became available.
   */
  void finishRestore() {
    restoredReturns.sort(MessageEntry.BY_VISIBLE_AT);
    for (MessageEntry entry : restoredReturns) {
      available.addFirst(entry);
    }
    restoredPosts.sort(MessageEntry.BY_VISIBLE_AT);
    available.addAll(restoredPosts);
    restoredReturns.clear();
    restoredPosts.clear();
    alertSize = size();
  }

  int waiterCount() {
    return waiters.size();
  }
}
