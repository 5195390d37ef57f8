package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.PendingReserve;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class LongPollTest {
  private final BackendHarness harness = new BackendHarness();
  private final QueueBackend engine = harness.backend;
  private final QueueRef q = harness.queue("q");

  @Test
  void aParkedReserveGetsAMessageThePostMomentItIsPosted() {
    harness.post(q, "warm-up");
    harness.reserveOne(q, 60);
    PendingReserve parked = engine.reserve(q, new ReserveRequest(1, 60, 20, false));
    harness.advanceSeconds(5);
    assertThat(parked.result()).isNotDone();

    harness.post(q, "hello");

    List<ReservedMessage> got = done(parked.result());
    assertThat(got).extracting(ReservedMessage::body).containsExactly("hello");
    assertThat(harness.peekBodies(q)).isEmpty();
  }

  @Test
  void aParkedReserveEndsEmptyWhenItsWaitIsOver() {
    done(engine.putQueue(q, QueueChange.none()));
    PendingReserve parked = engine.reserve(q, new ReserveRequest(1, 60, 3, false));

    harness.advance(java.time.Duration.ofMillis(2999));
    assertThat(parked.result()).isNotDone();
    harness.advance(java.time.Duration.ofMillis(1));

    assertThat(done(parked.result())).isEmpty();
  }

  @Test
  void parkedReservesAreServedInTheOrderTheyArrived() {
    done(engine.putQueue(q, QueueChange.none()));
    List<PendingReserve> parked = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      parked.add(engine.reserve(q, new ReserveRequest(2, 60, 30, false)));
    }

    harness.post(q, "a", "b", "c");

    assertThat(done(parked.get(0).result()))
        .extracting(ReservedMessage::body)
        .containsExactly("a", "b");
    assertThat(done(parked.get(1).result())).extracting(ReservedMessage::body).containsExactly("c");
    assertThat(parked.get(2).result()).isNotDone();
  }

  @Test
  void aParkedReserveGetsAMessageWhoseReservationEnded() {
    harness.post(q, "m");
    ReservedMessage first = harness.reserveOne(q, 10);
    PendingReserve parked = engine.reserve(q, new ReserveRequest(1, 60, 30, false));

    harness.advanceSeconds(10);

    List<ReservedMessage> got = done(parked.result());
    assertThat(got).extracting(ReservedMessage::id).containsExactly(first.id());
    assertThat(got.get(0).reservedCount()).isEqualTo(2);
  }

  @Test
  void aParkedReserveGetsADelayedMessageWhenItsDelayEnds() {
    harness.postDelayed(q, "later", 4);
    PendingReserve parked = engine.reserve(q, new ReserveRequest(1, 60, 30, false));
    harness.advanceSeconds(3);
    assertThat(parked.result()).isNotDone();

    harness.advanceSeconds(1);

    assertThat(done(parked.result())).extracting(ReservedMessage::body).containsExactly("later");
  }

  @Test
  void aParkedReserveGetsAReleasedMessage() {
    harness.post(q, "m");
    ReservedMessage held = harness.reserveOne(q, 60);
    PendingReserve parked = engine.reserve(q, new ReserveRequest(1, 60, 30, false));

    done(
        engine.release(
            q,
            held.id(),
            Optional.of(held.reservationId()),
            0,
            ReservationCheck.CURRENT_RESERVATION));

    assertThat(done(parked.result())).extracting(ReservedMessage::id).containsExactly(held.id());
  }

  @Test
  void aCancelledReserveTakesNothing() {
    done(engine.putQueue(q, QueueChange.none()));
    PendingReserve gone = engine.reserve(q, new ReserveRequest(1, 60, 30, false));
    PendingReserve waiting = engine.reserve(q, new ReserveRequest(1, 60, 30, false));

    gone.cancel();
    harness.post(q, "m");

    assertThat(done(gone.result())).isEmpty();
    assertThat(done(waiting.result())).extracting(ReservedMessage::body).containsExactly("m");
  }

  @Test
  void deletingTheQueueEndsParkedReserves() {
    done(engine.putQueue(q, QueueChange.none()));
    PendingReserve parked = engine.reserve(q, new ReserveRequest(1, 60, 30, false));
    harness.awaitParked(1);

    done(engine.deleteQueue(q));

    assertThat(done(parked.result())).isEmpty();
  }

  @Test
  void aParkedReserveWithDeleteRemovesWhatItGets() {
    done(engine.putQueue(q, QueueChange.none()));
    PendingReserve parked = engine.reserve(q, new ReserveRequest(1, 0, 30, true));

    harness.post(q, "m");

    assertThat(done(parked.result())).hasSize(1);
    assertThat(harness.size(q)).isZero();
  }
}
