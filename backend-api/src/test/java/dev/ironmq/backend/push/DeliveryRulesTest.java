package dev.ironmq.backend.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.push.DeliveryRules.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The push delivery state machine as a table: every state a delivery can be in (with an attempt in
 * flight or not, with retries left or not) against every event, and what must follow. One row per
 * (state, event); each row names the next status, whether an attempt starts, whether the state is
 * written, and whether the delivery is given up on.
 */
class DeliveryRulesTest {
  private static final long NOW = 1_764_000_000_000L;
  private static final long MESSAGE = 1L << 40;
  private static final PushPolicy POLICY =
      new PushPolicy(
          List.of(
              new Subscriber("a", "http://a.test/", Map.of()),
              new Subscriber("b", "http://b.test/", Map.of())),
          1,
          60,
          "");

  /** What a row expects. */
  private record Expect(
      DeliveryStatus status,
      boolean inFlight,
      boolean attempt,
      boolean write,
      boolean givenUp,
      long nextAttemptAt) {}

  private static final List<Arguments> ROWS = new ArrayList<>();

  private static void row(String name, Delivery before, DeliveryEvent event, Expect expect) {
    ROWS.add(Arguments.of(name, before, event, expect));
  }

  private static Expect unchanged(Delivery d) {
    return new Expect(d.status(), d.inFlight(), false, false, false, d.nextAttemptAt());
  }

  private static Expect expect(
      DeliveryStatus status,
      boolean inFlight,
      boolean attempt,
      boolean write,
      boolean givenUp,
      long next) {
    return new Expect(status, inFlight, attempt, write, givenUp, next);
  }

  private static Delivery.Multicast multicast(
      String subscriber, DeliveryStatus status, int tries, boolean inFlight) {
    return new Delivery.Multicast(
        subscriber, status, tries, NOW - 1000, NOW, "r-current", List.of(), inFlight);
  }

  private static Delivery.Unicast unicast(
      int round, int cursor, DeliveryStatus status, int tries, boolean inFlight) {
    return new Delivery.Unicast(
        round,
        cursor,
        tries == 0 ? "" : "a",
        status,
        tries,
        NOW - 1000,
        NOW,
        "r-current",
        tries == 0 ? List.of() : List.of(new AttemptResult("a", 500, "x")),
        inFlight);
  }

  static {
    DeliveryEvent due = new DeliveryEvent.Due("r-new");
    DeliveryEvent delivered = new DeliveryEvent.Delivered(200, false);
    DeliveryEvent copied = new DeliveryEvent.Delivered(201, true);
    DeliveryEvent accepted = new DeliveryEvent.Accepted();
    DeliveryEvent failed = new DeliveryEvent.Failed(503, "Service Unavailable");
    DeliveryEvent acknowledged = new DeliveryEvent.Acknowledged();
    List<DeliveryEvent> all = List.of(due, delivered, accepted, failed, acknowledged);
    long later = NOW + 60_000;

    // Multicast, waiting for an attempt.
    Delivery queued = multicast("a", DeliveryStatus.QUEUED, 0, false);
    row("queued + due", queued, due, expect(DeliveryStatus.QUEUED, true, true, false, false, NOW));
    for (DeliveryEvent answer : List.of(delivered, accepted, failed)) {
      row("queued + stale " + answer, queued, answer, unchanged(queued));
    }
    row("queued + acknowledged (nothing awaited)", queued, acknowledged, unchanged(queued));
    Delivery retrying = multicast("a", DeliveryStatus.RETRYING, 1, false);
    row(
        "retrying + due",
        retrying,
        due,
        expect(DeliveryStatus.RETRYING, true, true, false, false, NOW));
    row("retrying + stale failed", retrying, failed, unchanged(retrying));

    // Multicast, an attempt in flight.
    Delivery sending = multicast("a", DeliveryStatus.QUEUED, 1, true);
    row("in flight + due", sending, due, unchanged(sending));
    row(
        "in flight + delivered",
        sending,
        delivered,
        expect(DeliveryStatus.DELIVERED, false, false, true, false, NOW));
    row(
        "in flight + copied (written with the copy)",
        sending,
        copied,
        expect(DeliveryStatus.DELIVERED, false, false, false, false, NOW));
    row(
        "in flight + accepted",
        sending,
        accepted,
        expect(DeliveryStatus.RESERVED, false, false, true, false, later));
    row(
        "in flight + failed, a retry left",
        sending,
        failed,
        expect(DeliveryStatus.RETRYING, false, false, true, false, later));
    row(
        "in flight + acknowledged (API v1 acknowledges a delivery in flight)",
        sending,
        acknowledged,
        expect(DeliveryStatus.DELIVERED, false, false, true, false, NOW));
    Delivery lastTry = multicast("a", DeliveryStatus.RETRYING, 2, true);
    row(
        "in flight + failed, no retry left",
        lastTry,
        failed,
        expect(DeliveryStatus.ERROR, false, false, false, true, NOW));

    // Multicast, a 202 awaiting its acknowledgement.
    Delivery reserved = multicast("a", DeliveryStatus.RESERVED, 1, false);
    row(
        "reserved + due (not acknowledged in time), a retry left: retried at once",
        reserved,
        due,
        expect(DeliveryStatus.RETRYING, false, false, true, false, NOW));
    row(
        "reserved + acknowledged",
        reserved,
        acknowledged,
        expect(DeliveryStatus.DELIVERED, false, false, true, false, NOW));
    for (DeliveryEvent answer : List.of(delivered, accepted, failed)) {
      row("reserved + stale " + answer, reserved, answer, unchanged(reserved));
    }
    Delivery reservedLast = multicast("a", DeliveryStatus.RESERVED, 2, false);
    row(
        "reserved + due, no retry left",
        reservedLast,
        due,
        expect(DeliveryStatus.ERROR, false, false, false, true, NOW));

    // Final states take no event.
    for (DeliveryStatus done : List.of(DeliveryStatus.DELIVERED, DeliveryStatus.ERROR)) {
      Delivery finished = multicast("a", done, 1, false);
      for (DeliveryEvent event : all) {
        row(done + " + " + event, finished, event, unchanged(finished));
      }
    }

    // A subscriber removed while its delivery waited is owed nothing.
    Delivery orphan = multicast("gone", DeliveryStatus.RETRYING, 1, false);
    row(
        "due for a removed subscriber",
        orphan,
        due,
        expect(DeliveryStatus.DELIVERED, false, false, true, false, NOW));

    // Unicast: the subscribers in turn, then rounds.
    Delivery firstOfRound = unicast(0, 0, DeliveryStatus.QUEUED, 0, false);
    row(
        "unicast queued + due",
        firstOfRound,
        due,
        expect(DeliveryStatus.QUEUED, true, true, false, false, NOW));
    Delivery firstSending = unicast(0, 0, DeliveryStatus.QUEUED, 1, true);
    row(
        "unicast first of the round fails: the next subscriber at once",
        firstSending,
        failed,
        expect(DeliveryStatus.RETRYING, false, false, true, false, NOW));
    Delivery lastOfRound = unicast(0, 1, DeliveryStatus.RETRYING, 2, true);
    row(
        "unicast last of a round fails, a round left: after retries_delay",
        lastOfRound,
        failed,
        expect(DeliveryStatus.RETRYING, false, false, true, false, later));
    Delivery lastOfLastRound = unicast(1, 1, DeliveryStatus.RETRYING, 4, true);
    row(
        "unicast last of the last round fails: given up",
        lastOfLastRound,
        failed,
        expect(DeliveryStatus.ERROR, false, false, false, true, NOW));
    row(
        "unicast delivered",
        firstSending,
        delivered,
        expect(DeliveryStatus.DELIVERED, false, false, true, false, NOW));
  }

  static Stream<Arguments> rows() {
    return ROWS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void eachStateTakesEachEventAsTheTableSays(
      String name, Delivery before, DeliveryEvent event, Expect expect) {
    Transition t = DeliveryRules.next(before, event, POLICY, MESSAGE, NOW);

    assertThat(t.next().status()).as("status").isEqualTo(expect.status());
    assertThat(t.next().inFlight()).as("in flight").isEqualTo(expect.inFlight());
    assertThat(t.attempt().isPresent()).as("attempt").isEqualTo(expect.attempt());
    assertThat(t.write()).as("written").isEqualTo(expect.write());
    assertThat(t.givenUp()).as("given up").isEqualTo(expect.givenUp());
    assertThat(t.next().nextAttemptAt()).as("next attempt").isEqualTo(expect.nextAttemptAt());
    if (t.attempt().isPresent()) {
      assertThat(t.next().reservationId()).isEqualTo("r-new");
      assertThat(t.next().tries()).isEqualTo(before.tries() + 1);
      assertThat(t.next().lastTryAt()).isEqualTo(NOW);
    }
    if (expect.equals(unchanged(before))) {
      assertThat(t.next()).isEqualTo(before);
    }
  }

  @ParameterizedTest(name = "the answer of a failed attempt is kept for {0}")
  @MethodSource("answeredRows")
  void anAnswerIsRecordedForItsSubscriber(String name, DeliveryEvent event, int code) {
    Delivery sending = multicast("a", DeliveryStatus.QUEUED, 1, true);

    Transition t = DeliveryRules.next(sending, event, POLICY, MESSAGE, NOW);

    assertThat(t.next().results()).extracting(AttemptResult::statusCode).containsExactly(code);
    assertThat(t.next().results()).extracting(AttemptResult::subscriberName).containsExactly("a");
  }

  static Stream<Arguments> answeredRows() {
    return Stream.of(
        Arguments.of("delivered", new DeliveryEvent.Delivered(204, false), 204),
        Arguments.of("accepted", new DeliveryEvent.Accepted(), 202),
        Arguments.of("failed", new DeliveryEvent.Failed(503, "x"), 503));
  }
}
