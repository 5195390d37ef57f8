package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReservedMessage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class RestartTest {
  private final BackendHarness harness = new BackendHarness();
  private final QueueRef q = harness.queue("q");

  @Test
  void aReservationSurvivesARestartWithItsIdAndItsEnd() {
    harness.post(q, "held", "free");
    ReservedMessage held = harness.reserveOne(q, 30);
    harness.advanceSeconds(10);

    harness.restart();

    assertThat(harness.peekBodies(q)).containsExactly("free");
    harness.advanceSeconds(19);
    assertThat(harness.peekBodies(q)).containsExactly("free");
    harness.delete(q, held);
    assertThat(harness.size(q)).isEqualTo(1);
  }

  @Test
  void aReservationThatEndedDuringTheOutageReturnsToTheFront() {
    harness.post(q, "a", "b");
    ReservedMessage a = harness.reserveOne(q, 5);
    harness.advanceSeconds(6);

    harness.restart();

    assertThat(harness.peekBodies(q)).containsExactly("a", "b");
    ReservedMessage again = harness.reserveOne(q, 5);
    assertThat(again.id()).isEqualTo(a.id());
    assertThat(again.reservedCount()).isEqualTo(2);
  }

  @Test
  void delaysReleasesCountersAndOrderSurviveARestart() {
    harness.post(q, "a", "b", "c");
    harness.postDelayed(q, "delayed", 20);
    ReservedMessage a = harness.reserveOne(q, 60);
    done(
        harness.backend.release(
            q, a.id(), Optional.of(a.reservationId()), 10, ReservationCheck.CURRENT_RESERVATION));

    harness.restart();

    assertThat(harness.peekBodies(q)).containsExactly("b", "c");
    QueueInfo info = done(harness.backend.queueInfo(q));
    assertThat(info.size()).isEqualTo(4);
    assertThat(info.totalMessages()).isEqualTo(4);
    harness.advanceSeconds(10);
    assertThat(harness.peekBodies(q)).containsExactly("a", "b", "c");
    harness.advanceSeconds(10);
    assertThat(harness.peekBodies(q)).containsExactly("a", "b", "c", "delayed");
  }

  @Test
  void aDelayedPostKeepsItsPlaceBehindLaterPostsAfterARestart() {
    harness.postDelayed(q, "delayed", 1);
    harness.post(q, "posted later, available first");
    harness.advanceSeconds(2);
    assertThat(harness.peekBodies(q)).containsExactly("posted later, available first", "delayed");

    harness.restart();

    assertThat(harness.peekBodies(q)).containsExactly("posted later, available first", "delayed");
  }

  @Test
  void idsKeepIncreasingAfterARestartEvenWhenEverythingWasDeleted() {
    List<Long> before = harness.post(q, "a", "b");
    done(harness.backend.clearMessages(q));
    done(harness.backend.deleteQueue(q));

    harness.restart();

    long after = harness.post(q, "c").get(0);
    assertThat(after).isGreaterThan(before.get(1));
  }

  @Test
  void aQueueDeletedBeforeTheRestartStaysDeleted() {
    harness.post(q, "a");
    harness.post(harness.queue("kept"), "b");
    done(harness.backend.deleteQueue(q));

    harness.restart();

    assertThat(done(harness.backend.listQueues(BackendHarness.PROJECT, Optional.empty(), "", 10)))
        .containsExactly("kept");
  }
}
