package dev.ironmq.backend.push;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The push delivery state machine, as one pure function: a delivery and an event give the next
 * delivery and what to do about it. Every state a delivery can be in and every event are listed in
 * {@link Delivery} and {@link DeliveryEvent}; {@code DeliveryRulesTest} holds the whole table.
 *
 * <pre>
 *              Due (attempt)            Delivered / Acknowledged
 *   QUEUED ─────────────────► in flight ───────────────────────► DELIVERED
 *   RETRYING ───────────────►    │  Accepted (202)
 *        ▲                       ├──────────────► RESERVED ── Acknowledged ──► DELIVERED
 *        │  Failed, retries left │                    │ Due (202 not acknowledged in time)
 *        └───────────────────────┴────────────────────┘
 *                                │  Failed, no retries left
 *                                └──────────────► ERROR
 * </pre>
 *
 * <p>Multicast: each subscriber has its own delivery, and {@code retries} counts attempts after the
 * first. Unicast: one delivery tries the subscribers in turn, starting at a place that depends on
 * the message; a round where all fail is repeated after {@code retries_delay} while {@code retries}
 * rounds remain. A subscriber removed while its delivery waited is owed nothing: the delivery ends
 * as delivered.
 */
public final class DeliveryRules {
  /** The answer recorded for a 202 whose reservation ended unacknowledged. */
  public static final String NOT_ACKNOWLEDGED = "Not acknowledged within retries_delay";

  /**
   * What an event does.
   *
   * @param next the delivery after the event
   * @param write whether {@code next} must be written to storage in the same task
   * @param attempt the subscriber to send an attempt to now, with {@code next}'s reservation
   * @param givenUp whether the delivery was given up on now (to be reported to the error queue,
   *     which writes {@code next} with the report)
   */
  public record Transition(
      Delivery next, boolean write, Optional<Subscriber> attempt, boolean givenUp) {
    static Transition none(Delivery unchanged) {
      return new Transition(unchanged, false, Optional.empty(), false);
    }
  }

  private DeliveryRules() {}

  /** The transition of {@code delivery} of message {@code messageId} on {@code event}. */
  public static Transition next(
      Delivery delivery, DeliveryEvent event, PushPolicy policy, long messageId, long now) {
    if (delivery.isFinal()) {
      return Transition.none(delivery);
    }
    if (event instanceof DeliveryEvent.Due due) {
      if (delivery.inFlight()) {
        return Transition.none(delivery);
      }
      if (delivery.status() == DeliveryStatus.RESERVED) {
        return failed(delivery, 202, NOT_ACKNOWLEDGED, true, policy, now);
      }
      return attempt(delivery, due.reservationId(), policy, messageId, now);
    }
    if (event instanceof DeliveryEvent.Acknowledged) {
      if (!delivery.awaitsAcknowledgement()) {
        return Transition.none(delivery);
      }
      return written(with(delivery, DeliveryStatus.DELIVERED, delivery.nextAttemptAt(), null));
    }
    if (!delivery.inFlight()) {
      // An answer to an attempt that is no longer current.
      return Transition.none(delivery);
    }
    if (event instanceof DeliveryEvent.Delivered delivered) {
      Delivery next =
          with(
              delivery,
              DeliveryStatus.DELIVERED,
              delivery.nextAttemptAt(),
              new AttemptResult(delivery.attemptSubscriber(), delivered.statusCode(), "OK"));
      return new Transition(next, !delivered.recorded(), Optional.empty(), false);
    }
    if (event instanceof DeliveryEvent.Accepted) {
      return written(
          with(
              delivery,
              DeliveryStatus.RESERVED,
              now + policy.retriesDelaySeconds() * 1000L,
              new AttemptResult(delivery.attemptSubscriber(), 202, "Accepted")));
    }
    DeliveryEvent.Failed failure = (DeliveryEvent.Failed) event;
    return failed(delivery, failure.statusCode(), failure.message(), false, policy, now);
  }

  private static Transition attempt(
      Delivery delivery, String reservationId, PushPolicy policy, long messageId, long now) {
    Optional<Subscriber> subscriber = subscriberFor(delivery, policy, messageId);
    if (subscriber.isEmpty()) {
      return written(with(delivery, DeliveryStatus.DELIVERED, delivery.nextAttemptAt(), null));
    }
    return new Transition(
        delivery.attempting(subscriber.get().name(), reservationId, now), false, subscriber, false);
  }

  /**
   * The subscriber the next attempt goes to: a multicast delivery's own (gone if it was removed);
   * for unicast, the one at the delivery's place in the round.
   */
  public static Optional<Subscriber> subscriberFor(
      Delivery delivery, PushPolicy policy, long messageId) {
    List<Subscriber> subscribers = policy.subscribers();
    if (delivery instanceof Delivery.Multicast m) {
      return subscribers.stream().filter(s -> s.name().equals(m.subscriber())).findFirst();
    }
    if (subscribers.isEmpty()) {
      return Optional.empty();
    }
    Delivery.Unicast u = (Delivery.Unicast) delivery;
    int place = (unicastStart(messageId, subscribers.size()) + u.cursor()) % subscribers.size();
    return Optional.of(subscribers.get(place));
  }

  /**
   * Where a message's unicast rounds start: ids posted in different milliseconds share low bits.
   */
  public static int unicastStart(long messageId, int subscribers) {
    return (int) Math.floorMod((messageId * 0x9E3779B97F4A7C15L) >>> 32, (long) subscribers);
  }

  private static Transition failed(
      Delivery delivery,
      int statusCode,
      String message,
      boolean delayElapsed,
      PushPolicy policy,
      long now) {
    AttemptResult result = new AttemptResult(delivery.attemptSubscriber(), statusCode, message);
    long retryAt = delayElapsed ? now : now + policy.retriesDelaySeconds() * 1000L;
    boolean givenUp;
    Delivery moved = delivery;
    if (delivery instanceof Delivery.Unicast u) {
      if (u.cursor() + 1 < policy.subscribers().size()) {
        moved = u.at(u.round(), u.cursor() + 1);
        retryAt = now;
        givenUp = false;
      } else {
        moved = u.at(u.round() + 1, 0);
        givenUp = u.round() + 1 > policy.retries();
      }
    } else {
      givenUp = delivery.tries() > policy.retries();
    }
    List<AttemptResult> results = withResult(delivery.results(), result);
    if (givenUp) {
      return new Transition(
          moved.settled(DeliveryStatus.ERROR, delivery.nextAttemptAt(), "", results),
          false,
          Optional.empty(),
          true);
    }
    return written(
        moved.settled(DeliveryStatus.RETRYING, retryAt, delivery.reservationId(), results));
  }

  private static Transition written(Delivery next) {
    return new Transition(next, true, Optional.empty(), false);
  }

  /** The delivery with a new status and next attempt, no attempt in flight, and maybe an answer. */
  private static Delivery with(
      Delivery delivery, DeliveryStatus status, long nextAttemptAt, AttemptResult result) {
    List<AttemptResult> results =
        result == null ? delivery.results() : withResult(delivery.results(), result);
    return delivery.settled(status, nextAttemptAt, delivery.reservationId(), results);
  }

  /** The results with this subscriber's latest answer replacing its previous one. */
  public static List<AttemptResult> withResult(List<AttemptResult> results, AttemptResult result) {
    List<AttemptResult> updated = new ArrayList<>(results.size() + 1);
    for (AttemptResult previous : results) {
      if (!previous.subscriberName().equals(result.subscriberName())) {
        updated.add(previous);
      }
    }
    updated.add(result);
    return List.copyOf(updated);
  }
}
