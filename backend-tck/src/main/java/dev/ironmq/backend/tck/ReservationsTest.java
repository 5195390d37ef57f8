package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static dev.ironmq.backend.tck.BackendHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.problem.Problem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class ReservationsTest {
  private final BackendHarness harness = new BackendHarness();
  private final QueueBackend engine = harness.backend;
  private final QueueRef q = harness.queue("work");

  @Test
  void messagesAreReservedInTheOrderTheyWerePosted() {
    List<Long> ids = harness.post(q, "1", "2", "3");

    List<ReservedMessage> reserved = harness.reserve(q, 3, 60);

    assertThat(reserved).extracting(ReservedMessage::id).containsExactlyElementsOf(ids);
    assertThat(reserved).extracting(ReservedMessage::body).containsExactly("1", "2", "3");
    assertThat(reserved).allSatisfy(m -> assertThat(m.reservedCount()).isEqualTo(1));
    assertThat(reserved).extracting(ReservedMessage::reservationId).doesNotHaveDuplicates();
  }

  @Test
  void messageIdsIncrease() {
    List<Long> first = harness.post(q, "a", "b");
    harness.advanceSeconds(1);
    List<Long> second = harness.post(harness.queue("other"), "c");

    assertThat(first.get(0)).isLessThan(first.get(1));
    assertThat(first.get(1)).isLessThan(second.get(0));
    assertThat(String.valueOf(first.get(0))).hasSize(19);
  }

  @Test
  void aReservedMessageIsHiddenFromReserveAndPeekButCountsInSize() {
    harness.post(q, "a", "b");
    harness.reserveOne(q, 60);

    assertThat(harness.peekBodies(q)).containsExactly("b");
    assertThat(harness.reserve(q, 5, 60)).extracting(ReservedMessage::body).containsExactly("b");
    assertThat(harness.reserve(q, 5, 60)).isEmpty();
    assertThat(harness.size(q)).isEqualTo(2);
  }

  @Test
  void aTimedOutReservationReturnsTheMessageToTheFront() {
    harness.post(q, "first", "second");
    ReservedMessage first = harness.reserveOne(q, 10);

    harness.advanceSeconds(9);
    assertThat(harness.peekBodies(q)).containsExactly("second");

    harness.advanceSeconds(1);
    assertThat(harness.peekBodies(q)).containsExactly("first", "second");
    ReservedMessage again = harness.reserveOne(q, 10);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.reservedCount()).isEqualTo(2);
    assertThat(again.reservationId()).isNotEqualTo(first.reservationId());
  }

  @Test
  void theQueueTimeoutIsTheDefaultReservationLength() {
    done(engine.putQueue(q, QueueChange.none().withMessageTimeout(5)));
    harness.post(q, "m");
    ReservedMessage reserved = harness.reserveOne(q, 0);

    assertThat(reserved.timeoutSeconds()).isEqualTo(5);
    harness.advanceSeconds(4);
    assertThat(harness.peekBodies(q)).isEmpty();
    harness.advanceSeconds(1);
    assertThat(harness.peekBodies(q)).containsExactly("m");
  }

  @Test
  void deletingAReservedMessageNeedsItsCurrentReservation() {
    harness.post(q, "m");
    ReservedMessage reserved = harness.reserveOne(q, 60);

    assertThat(
            problemOf(
                engine.deleteMessage(
                    q, reserved.id(), Optional.empty(), ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.ReservationMismatch.class);
    assertThat(
            problemOf(
                engine.deleteMessage(
                    q, reserved.id(), Optional.of("nope"), ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.ReservationMismatch.class);
    assertThat(harness.size(q)).isEqualTo(1);

    harness.delete(q, reserved);

    assertThat(harness.size(q)).isZero();
    assertThat(problemOf(engine.message(q, reserved.id())))
        .isInstanceOf(Problem.MessageNotFound.class);
  }

  @Test
  void anExpiredReservationCannotDeleteTheMessageEvenBeforeItIsReservedAgain() {
    harness.post(q, "m");
    ReservedMessage stale = harness.reserveOne(q, 5);
    harness.advanceSeconds(6);

    assertThat(
            problemOf(
                engine.deleteMessage(
                    q,
                    stale.id(),
                    Optional.of(stale.reservationId()),
                    ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.ReservationMismatch.class);

    ReservedMessage current = harness.reserveOne(q, 5);
    assertThat(
            problemOf(
                engine.deleteMessage(
                    q,
                    stale.id(),
                    Optional.of(stale.reservationId()),
                    ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.ReservationMismatch.class);
    harness.delete(q, current);
    assertThat(harness.size(q)).isZero();
  }

  @Test
  void anUnreservedMessageCanBeDeletedWithoutAReservation() {
    long id = harness.post(q, "m").get(0);

    done(engine.deleteMessage(q, id, Optional.empty(), ReservationCheck.CURRENT_RESERVATION));

    assertThat(harness.size(q)).isZero();
  }

  @Test
  void withoutReservationChecksAReservedMessageCanBeDeleted() {
    harness.post(q, "m");
    ReservedMessage reserved = harness.reserveOne(q, 60);

    done(engine.deleteMessage(q, reserved.id(), Optional.empty(), ReservationCheck.NONE));

    assertThat(harness.size(q)).isZero();
  }

  @Test
  void deletingAnUnknownMessageIsNotFound() {
    harness.post(q, "m");

    assertThat(
            problemOf(
                engine.deleteMessage(
                    q, 42, Optional.empty(), ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.MessageNotFound.class);
    assertThat(
            problemOf(
                engine.deleteMessage(
                    harness.queue("nowhere"),
                    42,
                    Optional.empty(),
                    ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.QueueNotFound.class);
  }

  @Test
  void aBatchDeleteDeletesAllOrNothing() {
    List<Long> ids = harness.post(q, "a", "b", "c");
    ReservedMessage a = harness.reserveOne(q, 60);

    Problem refused =
        problemOf(
            engine.deleteMessages(
                q,
                List.of(
                    new DeleteTarget(ids.get(1), Optional.empty()),
                    new DeleteTarget(a.id(), Optional.empty())),
                ReservationCheck.CURRENT_RESERVATION));
    assertThat(refused).isInstanceOf(Problem.ReservationMismatch.class);
    assertThat(harness.size(q)).isEqualTo(3);

    done(
        engine.deleteMessages(
            q,
            List.of(
                new DeleteTarget(ids.get(1), Optional.empty()),
                new DeleteTarget(a.id(), Optional.of(a.reservationId()))),
            ReservationCheck.CURRENT_RESERVATION));

    assertThat(harness.peekBodies(q)).containsExactly("c");
    assertThat(harness.size(q)).isEqualTo(1);
  }

  @Test
  void touchingGivesANewReservationCountedFromNow() {
    harness.post(q, "m");
    ReservedMessage reserved = harness.reserveOne(q, 30);
    harness.advanceSeconds(20);

    ReservedMessage touched =
        done(
            engine.touch(
                q,
                reserved.id(),
                Optional.of(reserved.reservationId()),
                40,
                ReservationCheck.CURRENT_RESERVATION));

    assertThat(touched.reservationId()).isNotEqualTo(reserved.reservationId());
    harness.advanceSeconds(35);
    assertThat(harness.peekBodies(q)).as("hidden 55 s after reserve").isEmpty();
    harness.advanceSeconds(10);
    assertThat(harness.peekBodies(q)).as("back 65 s after reserve").containsExactly("m");
  }

  @Test
  void theOldReservationIdStopsWorkingAfterATouch() {
    harness.post(q, "m");
    ReservedMessage reserved = harness.reserveOne(q, 30);
    ReservedMessage touched =
        done(
            engine.touch(
                q,
                reserved.id(),
                Optional.of(reserved.reservationId()),
                0,
                ReservationCheck.CURRENT_RESERVATION));

    assertThat(
            problemOf(
                engine.touch(
                    q,
                    reserved.id(),
                    Optional.of(reserved.reservationId()),
                    0,
                    ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.ReservationMismatch.class);
    ReservedMessage again =
        done(
            engine.touch(
                q,
                reserved.id(),
                Optional.of(touched.reservationId()),
                0,
                ReservationCheck.CURRENT_RESERVATION));
    assertThat(again.reservationId()).isNotEqualTo(touched.reservationId());
    assertThat(again.timeoutSeconds()).isEqualTo(60);
  }

  @Test
  void touchingAnUnreservedMessageIsRefused() {
    long id = harness.post(q, "m").get(0);

    assertThat(
            problemOf(
                engine.touch(q, id, Optional.of("x"), 0, ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.ReservationMismatch.class);
  }

  @Test
  void aReleasedMessageGoesBackToTheFront() {
    harness.post(q, "first", "second", "third");
    ReservedMessage first = harness.reserveOne(q, 60);

    done(
        engine.release(
            q,
            first.id(),
            Optional.of(first.reservationId()),
            0,
            ReservationCheck.CURRENT_RESERVATION));

    assertThat(harness.peekBodies(q)).containsExactly("first", "second", "third");
    assertThat(harness.reserveOne(q, 60).reservedCount()).isEqualTo(2);
  }

  @Test
  void aReleaseWithADelayHidesTheMessageForThatLong() {
    harness.post(q, "first", "second");
    ReservedMessage first = harness.reserveOne(q, 60);

    done(
        engine.release(
            q,
            first.id(),
            Optional.of(first.reservationId()),
            10,
            ReservationCheck.CURRENT_RESERVATION));

    assertThat(harness.peekBodies(q)).containsExactly("second");
    assertThat(harness.size(q)).isEqualTo(2);
    harness.advanceSeconds(10);
    assertThat(harness.peekBodies(q)).containsExactly("first", "second");
  }

  @Test
  void theLatestReturnComesFirst() {
    harness.post(q, "a", "b", "c");
    ReservedMessage a = harness.reserveOne(q, 60);
    ReservedMessage b = harness.reserveOne(q, 60);

    release(a);
    release(b);

    assertThat(harness.peekBodies(q)).containsExactly("b", "a", "c");
  }

  @Test
  void reservingWithDeleteRemovesTheMessagesAtOnce() {
    harness.post(q, "a", "b");

    List<ReservedMessage> popped =
        done(engine.reserve(q, new ReserveRequest(1, 0, 0, true)).result());

    assertThat(popped).extracting(ReservedMessage::body).containsExactly("a");
    harness.advanceSeconds(120);
    assertThat(harness.peekBodies(q)).containsExactly("b");
    assertThat(harness.size(q)).isEqualTo(1);
  }

  @Test
  void clearingRemovesReservedAndDelayedMessagesToo() {
    harness.post(q, "a", "b");
    harness.postDelayed(q, "later", 30);
    harness.reserveOne(q, 60);

    done(engine.clearMessages(q));

    assertThat(harness.size(q)).isZero();
    harness.advanceSeconds(120);
    assertThat(harness.peekBodies(q)).isEmpty();
  }

  @Test
  void reservingFromAMissingQueueIsNotFound() {
    assertThat(
            problemOf(
                engine.reserve(harness.queue("nope"), new ReserveRequest(1, 0, 0, false)).result()))
        .isInstanceOf(Problem.QueueNotFound.class);
  }

  @Test
  void outOfRangeReserveArgumentsAreRefused() {
    harness.post(q, "m");

    for (ReserveRequest bad :
        List.of(
            new ReserveRequest(0, 0, 0, false),
            new ReserveRequest(101, 0, 0, false),
            new ReserveRequest(1, -1, 0, false),
            new ReserveRequest(1, 86_401, 0, false),
            new ReserveRequest(1, 0, 31, false),
            new ReserveRequest(1, 0, -1, false))) {
      assertThat(problemOf(engine.reserve(q, bad).result()))
          .as(bad.toString())
          .isInstanceOf(Problem.InvalidRequest.class);
    }
    assertThat(harness.peekBodies(q)).containsExactly("m");
  }

  private void release(ReservedMessage message) {
    done(
        engine.release(
            q,
            message.id(),
            Optional.of(message.reservationId()),
            0,
            ReservationCheck.CURRENT_RESERVATION));
  }
}
