package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueLoad;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReservedMessage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What monitoring reads of every queue: size, reserved, delayed, and the backlog's age. */
public class QueueLoadsTest {
  private final BackendHarness harness = new BackendHarness();
  private final QueueBackend backend = harness.backend;
  private final QueueRef q = harness.queue("loads");

  private QueueLoad load(QueueRef ref) {
    return done(backend.queueLoads()).stream()
        .filter(load -> load.ref().equals(ref))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no load for " + ref));
  }

  @Test
  void everyQueueIsListedEmptyOnesToo() {
    QueueRef empty = harness.queue("empty");
    done(backend.putQueue(empty, QueueChange.none()));
    harness.post(q, "m");

    assertThat(done(backend.queueLoads()))
        .extracting(QueueLoad::ref)
        .contains(q, empty)
        .doesNotHaveDuplicates();
    assertThat(load(empty)).isEqualTo(new QueueLoad(empty, 0, 0, 0, 0));
  }

  @Test
  void reservedAndDelayedMessagesAreCountedApartAndAllInTheSize() {
    harness.post(q, "first", "second", "third");
    harness.postDelayed(q, "later", 30);
    harness.reserveOne(q, 60);

    QueueLoad load = load(q);

    assertThat(load.size()).isEqualTo(4);
    assertThat(load.reserved()).isEqualTo(1);
    assertThat(load.delayed()).isEqualTo(1);
  }

  @Test
  void theBacklogAgeIsThatOfTheOldestAvailableMessage() {
    harness.post(q, "old");
    harness.advanceSeconds(20);
    harness.post(q, "new");
    harness.advanceSeconds(10);

    assertThat(load(q).oldestAvailableAgeMillis()).isEqualTo(30_000);

    ReservedMessage old = harness.reserveOne(q, 60);
    assertThat(load(q).oldestAvailableAgeMillis()).isEqualTo(10_000);

    done(
        backend.deleteMessage(
            q, old.id(), Optional.of(old.reservationId()), ReservationCheck.CURRENT_RESERVATION));
    harness.reserveOne(q, 60);
    assertThat(load(q).oldestAvailableAgeMillis()).as("nothing available").isZero();
  }

  @Test
  void aReservationThatEndsMakesItsMessageAvailableAgain() {
    harness.post(q, "m");
    harness.reserveOne(q, 30);
    assertThat(load(q).reserved()).isEqualTo(1);

    harness.advanceSeconds(31);

    QueueLoad load = load(q);
    assertThat(load.reserved()).isZero();
    assertThat(load.oldestAvailableAgeMillis()).isEqualTo(31_000);
  }

  @Test
  void aDeletedQueueIsNoLongerListed() {
    harness.post(q, "m");
    done(backend.deleteQueue(q));

    assertThat(done(backend.queueLoads())).extracting(QueueLoad::ref).doesNotContain(q);
  }
}
