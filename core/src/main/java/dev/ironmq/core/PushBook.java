package dev.ironmq.core;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.store.DeliveryRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The deliveries of one push queue: who still has to get which message, when the next attempt is
 * due, what each subscriber answered, and which 202s await acknowledgement.
 *
 * <p>Multicast: each subscriber has its own delivery and retry cycle; {@code retries} is the number
 * of attempts after the first. Unicast: one delivery per message tries the subscribers in turn
 * (starting at a different one for each message, to spread the load) until one succeeds; a round
 * where all fail is repeated after {@code retries_delay} while {@code retries} rounds remain. A 202
 * holds the delivery for {@code retries_delay}; without an acknowledgement by then it counts as a
 * failure.
 *
 * <p>A finished message (every delivery delivered or given up) leaves the queue's size. A delivered
 * one is retired into a compact {@link PushReceipt}, readable with its push statuses for the
 * engine's push retention; one whose delivery failed stays whole until it expires, so that the
 * error queue's reference to it resolves.
 *
 * <p>Thread: owned by the queue's shard. Attempts are handed to the transport (or, for {@code
 * ironmq://} subscribers, to the target queue's shard) and their outcomes come back as tasks.
 */
final class PushBook {
  /** A push message and its deliveries. */
  static final class PushMessage {
    final MessageEntry entry;
    final List<Delivery> deliveries = new ArrayList<>(2);
    long finishedAt = -1;
    boolean errored;

    PushMessage(MessageEntry entry) {
      this.entry = entry;
    }

    boolean isFinished() {
      return finishedAt >= 0;
    }
  }

  /** One delivery: to one subscriber (multicast), or to the first taker (unicast). */
  static final class Delivery {
    final String key;
    DeliveryStatus status = DeliveryStatus.QUEUED;
    int tries;
    int round;
    int cursor;
    long lastTryAt;
    long nextAttemptAt;
    String reservationId = "";
    List<AttemptResult> results = List.of();
    boolean inFlight;
    String attemptSubscriber = "";
    Timers.Timer timer;

    Delivery(String key) {
      this.key = key;
    }
  }

  private final QueueState queue;
  private final Shard shard;
  private final Map<Long, PushMessage> messages = new HashMap<>();
  private final LinkedHashMap<Long, PushReceipt> receipts = new LinkedHashMap<>();
  private int failedCount;
  private String[] sharedNames = new String[0];
  private String[] sharedUrls = new String[0];

  PushBook(QueueState queue, Shard shard) {
    this.queue = queue;
    this.shard = shard;
  }

  /**
   * Messages whose deliveries are done, one of them given up on, that the queue still holds: they
   * no longer count in its size.
   */
  int failedCount() {
    return failedCount;
  }

  Optional<PushReceipt> receipt(long messageId) {
    return Optional.ofNullable(receipts.get(messageId));
  }

  /** Removes a delivered message's receipt; false when there is none. */
  boolean removeReceipt(long messageId) {
    return receipts.remove(messageId) != null;
  }

  boolean contains(long messageId) {
    return messages.containsKey(messageId);
  }

  // ---- new messages ----

  /** Starts delivering a newly posted message once it is available. */
  void post(MessageEntry entry, long availableAt, Tx tx) {
    PushPolicy policy = policy();
    PushMessage message = new PushMessage(entry);
    if (queue.config().type() == QueueType.MULTICAST) {
      for (Subscriber subscriber : policy.subscribers()) {
        message.deliveries.add(new Delivery(subscriber.name()));
      }
    } else {
      message.deliveries.add(new Delivery(""));
    }
    messages.put(entry.id, message);
    for (Delivery delivery : message.deliveries) {
      delivery.nextAttemptAt = availableAt;
      tx.batch.deliveryPut(record(message, delivery));
      schedule(message, delivery, availableAt, tx);
    }
  }

  /** Puts a stored push message back, resuming its pending deliveries. */
  void restore(MessageEntry entry, List<DeliveryRecord> records, long now) {
    PushMessage message = new PushMessage(entry);
    long finishedAt = 0;
    for (DeliveryRecord record : records) {
      Delivery delivery = new Delivery(record.subscriberName());
      delivery.status = record.status();
      delivery.tries = record.tries();
      delivery.round = record.round();
      delivery.cursor = record.cursor();
      delivery.lastTryAt = record.lastTryAt();
      delivery.nextAttemptAt = record.nextAttemptAt();
      delivery.reservationId = record.reservationId();
      delivery.results = record.results();
      delivery.attemptSubscriber =
          record.results().isEmpty()
              ? ""
              : record.results().get(record.results().size() - 1).subscriberName();
      message.deliveries.add(delivery);
      finishedAt = Math.max(finishedAt, record.lastTryAt());
    }
    messages.put(entry.id, message);
    for (Delivery delivery : message.deliveries) {
      if (!delivery.status.isFinal()) {
        scheduleTimer(message, delivery, Math.max(now, delivery.nextAttemptAt));
      }
    }
    if (message.deliveries.stream().allMatch(d -> d.status.isFinal())) {
      finish(message, finishedAt, now);
    }
  }

  // ---- attempts ----

  /** Attempts at once when due now (after this task's batch is durable), else on a timer. */
  private void schedule(PushMessage message, Delivery delivery, long at, Tx tx) {
    if (at <= tx.now && delivery.status != DeliveryStatus.RESERVED) {
      if (delivery.timer != null) {
        delivery.timer.cancel();
      }
      attempt(message, delivery, tx);
    } else {
      scheduleTimer(message, delivery, at);
    }
  }

  private void scheduleTimer(PushMessage message, Delivery delivery, long at) {
    if (delivery.timer != null) {
      delivery.timer.cancel();
    }
    delivery.timer = shard.timers.schedule(at, () -> shard.inTx(tx -> due(message, delivery, tx)));
  }

  private void due(PushMessage message, Delivery delivery, Tx tx) {
    if (messages.get(message.entry.id) != message
        || delivery.status.isFinal()
        || delivery.inFlight) {
      return;
    }
    if (delivery.status == DeliveryStatus.RESERVED) {
      // The reservation lasted retries_delay already: the retry is due now.
      failed(
          message,
          delivery,
          new AttemptResult(
              delivery.attemptSubscriber, 202, "Not acknowledged within retries_delay"),
          true,
          tx);
      return;
    }
    attempt(message, delivery, tx);
  }

  private void attempt(PushMessage message, Delivery delivery, Tx tx) {
    PushPolicy policy = policy();
    Optional<Subscriber> subscriber = subscriberFor(message, delivery, policy);
    if (subscriber.isEmpty()) {
      // The subscriber was removed while the message waited: nothing is owed to it any more.
      delivery.status = DeliveryStatus.DELIVERED;
      tx.batch.deliveryPut(record(message, delivery));
      maybeFinish(message, tx);
      return;
    }
    if (delivery.key.isEmpty() && delivery.cursor == 0) {
      delivery.results = List.of();
    }
    delivery.tries++;
    delivery.lastTryAt = tx.now;
    delivery.reservationId = shard.newReservationId();
    delivery.inFlight = true;
    delivery.attemptSubscriber = subscriber.get().name();
    PushAttempt attempt =
        new PushAttempt(
            queue.ref,
            message.entry.id,
            message.entry.body,
            subscriber.get(),
            message.entry.pushHeaders,
            delivery.reservationId);
    DeliveryRecord onSuccess = deliveredRecord(message, delivery, attempt);
    tx.afterCommit(
        failure -> {
          if (failure == null) {
            shard.push(attempt, delivery.key, onSuccess);
          }
        });
  }

  private Optional<Subscriber> subscriberFor(
      PushMessage message, Delivery delivery, PushPolicy policy) {
    List<Subscriber> subscribers = policy.subscribers();
    if (!delivery.key.isEmpty()) {
      return subscribers.stream().filter(s -> s.name().equals(delivery.key)).findFirst();
    }
    if (subscribers.isEmpty()) {
      return Optional.empty();
    }
    // Ids posted in different milliseconds share their low bits; mixing spreads the starts.
    int start =
        (int)
            Math.floorMod(
                (message.entry.id * 0x9E3779B97F4A7C15L) >>> 32, (long) subscribers.size());
    return Optional.of(subscribers.get((start + delivery.cursor) % subscribers.size()));
  }

  /** What is stored when an attempt to copy into a queue succeeds (written with the copy). */
  private DeliveryRecord deliveredRecord(
      PushMessage message, Delivery delivery, PushAttempt attempt) {
    List<AttemptResult> results =
        withResult(delivery, new AttemptResult(attempt.subscriber().name(), 201, "Created"));
    return new DeliveryRecord(
        queue.queueId,
        message.entry.id,
        delivery.key,
        DeliveryStatus.DELIVERED,
        delivery.tries,
        delivery.round,
        delivery.cursor,
        delivery.lastTryAt,
        delivery.nextAttemptAt,
        delivery.reservationId,
        results);
  }

  /** Handles an attempt's outcome; stale outcomes (of superseded attempts) are ignored. */
  void outcome(
      long messageId,
      String key,
      String reservationId,
      PushOutcome outcome,
      boolean recorded,
      Tx tx) {
    PushMessage message = messages.get(messageId);
    Delivery delivery = message == null ? null : find(message, key);
    if (delivery == null || !delivery.inFlight || !delivery.reservationId.equals(reservationId)) {
      return;
    }
    delivery.inFlight = false;
    if (outcome instanceof PushOutcome.Delivered ok) {
      delivery.status = DeliveryStatus.DELIVERED;
      delivery.results =
          withResult(
              delivery, new AttemptResult(delivery.attemptSubscriber, ok.statusCode(), "OK"));
      if (!recorded) {
        tx.batch.deliveryPut(record(message, delivery));
      }
      maybeFinish(message, tx);
    } else if (outcome instanceof PushOutcome.Accepted) {
      delivery.status = DeliveryStatus.RESERVED;
      delivery.results =
          withResult(delivery, new AttemptResult(delivery.attemptSubscriber, 202, "Accepted"));
      delivery.nextAttemptAt = tx.now + policy().retriesDelaySeconds() * 1000L;
      tx.batch.deliveryPut(record(message, delivery));
      scheduleTimer(message, delivery, delivery.nextAttemptAt);
    } else if (outcome instanceof PushOutcome.Failed failure) {
      failed(
          message,
          delivery,
          new AttemptResult(delivery.attemptSubscriber, failure.statusCode(), failure.message()),
          false,
          tx);
    }
  }

  private void failed(
      PushMessage message, Delivery delivery, AttemptResult result, boolean delayElapsed, Tx tx) {
    PushPolicy policy = policy();
    delivery.inFlight = false;
    delivery.results = withResult(delivery, result);
    long retryAt = delayElapsed ? tx.now : tx.now + policy.retriesDelaySeconds() * 1000L;
    boolean givenUp;
    if (!delivery.key.isEmpty()) {
      givenUp = delivery.tries > policy.retries();
    } else {
      delivery.cursor++;
      if (delivery.cursor < policy.subscribers().size()) {
        retryAt = tx.now;
        givenUp = false;
      } else {
        delivery.cursor = 0;
        delivery.round++;
        givenUp = delivery.round > policy.retries();
      }
    }
    if (givenUp) {
      delivery.status = DeliveryStatus.ERROR;
      delivery.reservationId = "";
      shard.reportPushError(queue, policy, message.entry, record(message, delivery), tx);
      maybeFinish(message, tx);
      return;
    }
    delivery.status = DeliveryStatus.RETRYING;
    delivery.nextAttemptAt = retryAt;
    tx.batch.deliveryPut(record(message, delivery));
    schedule(message, delivery, retryAt, tx);
  }

  // ---- acknowledgements ----

  /**
   * Acknowledges a 202: the subscriber finished with the message. The reservation shown must be the
   * delivery's current one unless {@code check} is {@link ReservationCheck#NONE} (API v1).
   */
  void acknowledge(
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check,
      Tx tx) {
    PushMessage message = messages.get(messageId);
    if (message == null) {
      throw ProblemException.of(Problem.messageNotFound());
    }
    Delivery delivery =
        message.deliveries.stream()
            .filter(
                d ->
                    d.key.equals(subscriberName)
                        || (d.key.isEmpty() && d.attemptSubscriber.equals(subscriberName)))
            .findFirst()
            .orElseThrow(
                () ->
                    ProblemException.of(
                        new Problem.MessageNotFound(
                            "The message has no delivery to subscriber " + subscriberName)));
    boolean awaited = delivery.status == DeliveryStatus.RESERVED || delivery.inFlight;
    if (!awaited) {
      throw ProblemException.of(
          new Problem.ReservationMismatch(
              "No acknowledgement is awaited from " + subscriberName + " for this message"));
    }
    if (check == ReservationCheck.CURRENT_RESERVATION
        && !reservationId.map(delivery.reservationId::equals).orElse(false)) {
      throw ProblemException.of(
          new Problem.ReservationMismatch("Reservation timed out or was replaced"));
    }
    if (delivery.timer != null) {
      delivery.timer.cancel();
    }
    delivery.inFlight = false;
    delivery.status = DeliveryStatus.DELIVERED;
    tx.batch.deliveryPut(record(message, delivery));
    maybeFinish(message, tx);
  }

  // ---- status ----

  List<PushStatus> statuses(long messageId) {
    PushMessage message = messages.get(messageId);
    if (message == null) {
      return receipt(messageId)
          .map(r -> r.statuses(policy().retriesDelaySeconds()))
          .orElse(List.of());
    }
    PushPolicy policy = policy();
    List<PushStatus> statuses = new ArrayList<>(message.deliveries.size());
    for (Delivery delivery : message.deliveries) {
      String name =
          delivery.key.isEmpty() ? shownUnicastSubscriber(message, delivery, policy) : delivery.key;
      String url =
          policy.subscribers().stream()
              .filter(s -> s.name().equals(name))
              .map(Subscriber::url)
              .findFirst()
              .orElse("");
      int statusCode =
          delivery.results.stream()
              .filter(r -> r.subscriberName().equals(name))
              .reduce((first, second) -> second)
              .map(AttemptResult::statusCode)
              .orElse(0);
      int roundsStarted = delivery.round + (delivery.cursor > 0 || delivery.inFlight ? 1 : 0);
      int allowed =
          policy.retries() + 1 - (delivery.key.isEmpty() ? roundsStarted : delivery.tries);
      statuses.add(
          new PushStatus(
              name,
              url,
              delivery.status,
              statusCode,
              delivery.tries,
              delivery.status.isFinal() ? 0 : Math.max(0, Math.min(policy.retries(), allowed)),
              policy.retriesDelaySeconds(),
              delivery.tries == 0 ? OptionalLong.empty() : OptionalLong.of(delivery.lastTryAt)));
    }
    return statuses;
  }

  private String shownUnicastSubscriber(PushMessage message, Delivery delivery, PushPolicy policy) {
    if (!delivery.attemptSubscriber.isEmpty()) {
      return delivery.attemptSubscriber;
    }
    return subscriberFor(message, delivery, policy).map(Subscriber::name).orElse("");
  }

  // ---- finishing ----

  private void maybeFinish(PushMessage message, Tx tx) {
    if (message.isFinished()) {
      return;
    }
    for (Delivery delivery : message.deliveries) {
      if (!delivery.status.isFinal()) {
        return;
      }
    }
    finish(message, tx.now, tx.now);
  }

  private void finish(PushMessage message, long finishedAt, long now) {
    message.finishedAt = finishedAt;
    message.errored = message.deliveries.stream().anyMatch(d -> d.status == DeliveryStatus.ERROR);
    if (message.errored) {
      failedCount++;
      return;
    }
    messages.remove(message.entry.id);
    queue.retire(message.entry);
    receipts.put(message.entry.id, receiptOf(message, finishedAt));
  }

  private PushReceipt receiptOf(PushMessage message, long finishedAt) {
    int count = message.deliveries.size();
    String[] names = new String[count];
    int[] codes = new int[count];
    int[] tries = new int[count];
    boolean plain = true;
    long lastTryAt = 0;
    for (int i = 0; i < count; i++) {
      Delivery delivery = message.deliveries.get(i);
      names[i] = delivery.key.isEmpty() ? delivery.attemptSubscriber : delivery.key;
      String name = names[i];
      codes[i] =
          delivery.results.stream()
              .filter(r -> r.subscriberName().equals(name))
              .reduce((first, second) -> second)
              .map(AttemptResult::statusCode)
              .orElse(0);
      tries[i] = delivery.tries;
      plain &= codes[i] == 200 && tries[i] == 1;
      lastTryAt = Math.max(lastTryAt, delivery.lastTryAt);
    }
    PushPolicy policy = policy();
    String[] urls = new String[count];
    for (int i = 0; i < count; i++) {
      String name = names[i];
      urls[i] =
          policy.subscribers().stream()
              .filter(s -> s.name().equals(name))
              .map(Subscriber::url)
              .findFirst()
              .orElse("");
    }
    if (!Arrays.equals(names, sharedNames) || !Arrays.equals(urls, sharedUrls)) {
      sharedNames = names;
      sharedUrls = urls;
    }
    return new PushReceipt(
        message.entry.id,
        message.entry.body,
        finishedAt,
        sharedNames,
        sharedUrls,
        plain ? null : codes,
        plain ? null : tries,
        lastTryAt);
  }

  /** Removes delivered messages whose retention ended; failed ones wait for their expiry. */
  void purge(long retentionMillis, Tx tx) {
    Iterator<PushReceipt> oldest = receipts.values().iterator();
    while (oldest.hasNext()) {
      PushReceipt receipt = oldest.next();
      if (receipt.finishedAt + retentionMillis > tx.now) {
        return;
      }
      oldest.remove();
      tx.batch.messageDelete(queue.queueId, receipt.id);
    }
  }

  boolean hasPurgeDue(long retentionMillis, long now) {
    if (receipts.isEmpty()) {
      return false;
    }
    return receipts.values().iterator().next().finishedAt + retentionMillis <= now;
  }

  /** The message left the queue (deleted, expired, purged): its deliveries stop. */
  void forget(long messageId) {
    PushMessage message = messages.remove(messageId);
    if (message == null) {
      return;
    }
    for (Delivery delivery : message.deliveries) {
      if (delivery.timer != null) {
        delivery.timer.cancel();
      }
    }
    if (message.errored) {
      failedCount--;
    }
  }

  void clear() {
    for (PushMessage message : messages.values()) {
      for (Delivery delivery : message.deliveries) {
        if (delivery.timer != null) {
          delivery.timer.cancel();
        }
      }
    }
    messages.clear();
    receipts.clear();
    failedCount = 0;
  }

  // ---- helpers ----

  private PushPolicy policy() {
    return queue
        .config()
        .push()
        .orElseThrow(() -> new IllegalStateException(queue.ref + " is not a push queue"));
  }

  private static Delivery find(PushMessage message, String key) {
    for (Delivery delivery : message.deliveries) {
      if (delivery.key.equals(key)) {
        return delivery;
      }
    }
    return null;
  }

  /** The delivery's results with this subscriber's latest answer replacing its previous one. */
  private static List<AttemptResult> withResult(Delivery delivery, AttemptResult result) {
    List<AttemptResult> results = new ArrayList<>(delivery.results.size() + 1);
    for (AttemptResult previous : delivery.results) {
      if (!previous.subscriberName().equals(result.subscriberName())) {
        results.add(previous);
      }
    }
    results.add(result);
    return List.copyOf(results);
  }

  private DeliveryRecord record(PushMessage message, Delivery delivery) {
    return new DeliveryRecord(
        queue.queueId,
        message.entry.id,
        delivery.key,
        delivery.status,
        delivery.tries,
        delivery.round,
        delivery.cursor,
        delivery.lastTryAt,
        delivery.nextAttemptAt,
        delivery.reservationId,
        delivery.results);
  }
}
