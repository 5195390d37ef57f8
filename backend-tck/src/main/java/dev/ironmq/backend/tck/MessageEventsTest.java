package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.MessageEvents.Kind;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a backend tells of messages, which the server counts in its metrics. */
public class MessageEventsTest {
  private final BackendHarness harness = new BackendHarness();
  private final QueueRef q = harness.queue("told");

  private long told(Kind kind) {
    return harness.events.count(q, kind);
  }

  @Test
  void postsReservesDeletesAndReleasesAreToldWithTheirCounts() {
    harness.post(q, "a", "b", "c", "d");
    List<ReservedMessage> reserved = harness.reserve(q, 3, 60);
    harness.delete(q, reserved.get(0));
    done(
        harness.backend.deleteMessages(
            q,
            List.of(
                new DeleteTarget(
                    reserved.get(1).id(), Optional.of(reserved.get(1).reservationId()))),
            ReservationCheck.CURRENT_RESERVATION));
    done(
        harness.backend.release(
            q,
            reserved.get(2).id(),
            Optional.of(reserved.get(2).reservationId()),
            0,
            ReservationCheck.CURRENT_RESERVATION));

    assertThat(told(Kind.POSTED)).isEqualTo(4);
    assertThat(told(Kind.RESERVED)).isEqualTo(3);
    assertThat(told(Kind.DELETED)).isEqualTo(2);
    assertThat(told(Kind.RELEASED)).isEqualTo(1);
  }

  @Test
  void aReserveThatDeletesIsToldAsBoth() {
    harness.post(q, "a", "b");

    done(harness.backend.reserve(q, new ReserveRequest(2, 60, 0, true)).result());

    assertThat(told(Kind.RESERVED)).isEqualTo(2);
    assertThat(told(Kind.DELETED)).isEqualTo(2);
  }

  @Test
  void aRefusedOperationIsNotTold() {
    harness.post(q, "a");
    ReservedMessage reserved = harness.reserveOne(q, 60);

    BackendHarness.problemOf(
        harness.backend.deleteMessage(
            q,
            reserved.id(),
            Optional.of("not-the-reservation"),
            ReservationCheck.CURRENT_RESERVATION));

    assertThat(told(Kind.DELETED)).isZero();
  }

  @Test
  void aDeadLetterIsToldForItsQueueAndAsAPostToTheDeadLetterQueue() {
    QueueRef dlq = harness.queue("told-dead");
    DeadLetterTest.withDeadLetterQueue(harness, q, "told-dead", 1);
    harness.post(q, "poison");
    harness.reserveOne(q, 5);
    harness.advanceSeconds(5);

    assertThat(harness.reserve(q, 1, 5)).isEmpty();
    assertThat(harness.size(dlq)).isEqualTo(1);

    assertThat(told(Kind.DEAD_LETTERED)).isEqualTo(1);
    assertThat(harness.events.count(dlq, Kind.POSTED)).isEqualTo(1);
  }
}
