package dev.ironmq.backend.push;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.DeliveryStatus;
import java.util.List;

/**
 * One delivery of a push message, as a value: what {@link DeliveryRules} moves from state to state.
 * A multicast message has one per subscriber; a unicast message has one, which goes from subscriber
 * to subscriber.
 */
public sealed interface Delivery permits Delivery.Multicast, Delivery.Unicast {
  DeliveryStatus status();

  /** Attempts made so far. */
  int tries();

  /** Epoch milliseconds of the last attempt, or 0. */
  long lastTryAt();

  /** When the next attempt is due; for a 202, when its reservation ends. */
  long nextAttemptAt();

  /** The current attempt's reservation, which acknowledges a 202; empty when none. */
  String reservationId();

  /** The last answer of each subscriber tried. */
  List<AttemptResult> results();

  /** Whether an attempt was started and its answer has not come. */
  boolean inFlight();

  /** The delivery's key in the journal: its subscriber (multicast), or empty (unicast). */
  String key();

  /** The subscriber of the current or last attempt; empty before the first. */
  String attemptSubscriber();

  default boolean isFinal() {
    return status().isFinal();
  }

  /** Whether an acknowledgement is awaited: a 202 holds it, or its answer has not come yet. */
  default boolean awaitsAcknowledgement() {
    return status() == DeliveryStatus.RESERVED || inFlight();
  }

  /** Whether it waits for an attempt: not final, and no attempt in flight. */
  default boolean waits() {
    return !isFinal() && !inFlight();
  }

  /** The same delivery with an attempt in flight to {@code subscriber}, started at {@code now}. */
  Delivery attempting(String subscriber, String reservationId, long now);

  /** The same delivery settled (no attempt in flight) in {@code status}, with these answers. */
  Delivery settled(
      DeliveryStatus status, long nextAttemptAt, String reservationId, List<AttemptResult> results);

  /** To one subscriber, retried on its own: {@code retries} is the attempts after the first. */
  record Multicast(
      String subscriber,
      DeliveryStatus status,
      int tries,
      long lastTryAt,
      long nextAttemptAt,
      String reservationId,
      List<AttemptResult> results,
      boolean inFlight)
      implements Delivery {
    public Multicast {
      results = List.copyOf(results);
    }

    public static Multicast queued(String subscriber, long at) {
      return new Multicast(subscriber, DeliveryStatus.QUEUED, 0, 0, at, "", List.of(), false);
    }

    @Override
    public String key() {
      return subscriber;
    }

    @Override
    public String attemptSubscriber() {
      return tries == 0 ? "" : subscriber;
    }

    @Override
    public Multicast attempting(String to, String reservationId, long now) {
      return new Multicast(
          subscriber, status, tries + 1, now, nextAttemptAt, reservationId, results, true);
    }

    @Override
    public Multicast settled(
        DeliveryStatus newStatus,
        long newNextAttemptAt,
        String newReservationId,
        List<AttemptResult> newResults) {
      return new Multicast(
          subscriber,
          newStatus,
          tries,
          lastTryAt,
          newNextAttemptAt,
          newReservationId,
          newResults,
          false);
    }
  }

  /**
   * To the first subscriber that takes it: a round tries them in turn (from a place that differs by
   * message, to spread the load); {@code retries} is the rounds after the first.
   *
   * @param round rounds that failed so far
   * @param cursor the place, in the subscriber list, of the current or next attempt
   */
  record Unicast(
      int round,
      int cursor,
      String attemptSubscriber,
      DeliveryStatus status,
      int tries,
      long lastTryAt,
      long nextAttemptAt,
      String reservationId,
      List<AttemptResult> results,
      boolean inFlight)
      implements Delivery {
    public Unicast {
      results = List.copyOf(results);
    }

    public static Unicast queued(long at) {
      return new Unicast(0, 0, "", DeliveryStatus.QUEUED, 0, 0, at, "", List.of(), false);
    }

    @Override
    public String key() {
      return "";
    }

    /** A new round starts with no answers: the last round's are forgotten. */
    @Override
    public Unicast attempting(String to, String reservationId, long now) {
      return new Unicast(
          round,
          cursor,
          to,
          status,
          tries + 1,
          now,
          nextAttemptAt,
          reservationId,
          cursor == 0 ? List.of() : results,
          true);
    }

    @Override
    public Unicast settled(
        DeliveryStatus newStatus,
        long newNextAttemptAt,
        String newReservationId,
        List<AttemptResult> newResults) {
      return new Unicast(
          round,
          cursor,
          attemptSubscriber,
          newStatus,
          tries,
          lastTryAt,
          newNextAttemptAt,
          newReservationId,
          newResults,
          false);
    }

    /** The same delivery at another place of another round. */
    public Unicast at(int newRound, int newCursor) {
      return new Unicast(
          newRound,
          newCursor,
          attemptSubscriber,
          status,
          tries,
          lastTryAt,
          nextAttemptAt,
          reservationId,
          results,
          inFlight);
    }
  }
}
