package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static dev.ironmq.backend.tck.BackendHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.PauseChange;
import dev.ironmq.backend.PendingReserve;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueuePause;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.tck.FakeTransport.Pending;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pausing and resuming a queue's reserves and push deliveries; posts are always accepted. */
public class PauseTest {
  private static final PauseChange PAUSE_RESERVE =
      new PauseChange(Optional.of(true), Optional.empty());
  private static final PauseChange RESUME_RESERVE =
      new PauseChange(Optional.of(false), Optional.empty());
  private static final PauseChange PAUSE_PUSH =
      new PauseChange(Optional.empty(), Optional.of(true));
  private static final PauseChange RESUME_PUSH =
      new PauseChange(Optional.empty(), Optional.of(false));

  private final BackendHarness harness = new BackendHarness();
  private final QueueBackend backend = harness.backend;
  private final QueueRef q = harness.queue("paused");

  private QueuePause pauseOf(QueueRef ref) {
    return done(harness.backend.queueInfo(ref)).config().pause();
  }

  @Test
  void aPausedQueueTakesPostsAndHandsOutNothingUntilResumed() {
    harness.post(q, "before");
    assertThat(done(backend.pause(q, PAUSE_RESERVE)).config().pause())
        .isEqualTo(new QueuePause(true, false));

    harness.post(q, "during");

    assertThat(harness.reserve(q, 10, 60)).isEmpty();
    assertThat(done(backend.reserve(q, new ReserveRequest(10, 60, 0, true)).result()))
        .as("a reserve that deletes takes nothing either")
        .isEmpty();
    assertThat(harness.size(q)).isEqualTo(2);
    assertThat(harness.peekBodies(q)).as("peeking still shows them").hasSize(2);

    done(backend.pause(q, RESUME_RESERVE));

    assertThat(pauseOf(q)).isEqualTo(QueuePause.NONE);
    assertThat(harness.reserve(q, 10, 60))
        .extracting(ReservedMessage::body)
        .containsExactly("before", "during");
  }

  @Test
  void aParkedReserveWaitsOutThePauseAndGetsMessagesOnResume() {
    done(backend.putQueue(q, QueueChange.none()));
    done(backend.pause(q, PAUSE_RESERVE));
    PendingReserve parked = backend.reserve(q, new ReserveRequest(1, 60, 30, false));
    harness.awaitParked(1);
    harness.post(q, "waiting");
    harness.advanceSeconds(5);
    assertThat(parked.result()).isNotDone();

    done(backend.pause(q, RESUME_RESERVE));

    assertThat(done(parked.result())).extracting(ReservedMessage::body).containsExactly("waiting");
  }

  @Test
  void aParkedReserveEndsEmptyWhenItsWaitEndsDuringThePause() {
    harness.post(q, "m");
    done(backend.pause(q, PAUSE_RESERVE));
    PendingReserve parked = backend.reserve(q, new ReserveRequest(1, 60, 3, false));
    harness.awaitParked(1);

    harness.advanceSeconds(3);

    assertThat(done(parked.result())).isEmpty();
    assertThat(harness.size(q)).isEqualTo(1);
  }

  @Test
  void whatWasReservedBeforeThePauseIsStillFinishedAsUsual() {
    harness.post(q, "a", "b", "c");
    List<ReservedMessage> reserved = harness.reserve(q, 3, 60);
    done(backend.pause(q, PAUSE_RESERVE));

    harness.delete(q, reserved.get(0));
    ReservedMessage touched =
        done(
            backend.touch(
                q,
                reserved.get(1).id(),
                Optional.of(reserved.get(1).reservationId()),
                30,
                ReservationCheck.CURRENT_RESERVATION));
    done(
        backend.release(
            q,
            reserved.get(2).id(),
            Optional.of(reserved.get(2).reservationId()),
            0,
            ReservationCheck.CURRENT_RESERVATION));

    assertThat(touched.reservationId()).isNotEqualTo(reserved.get(1).reservationId());
    assertThat(harness.size(q)).isEqualTo(2);
    assertThat(harness.reserve(q, 3, 60)).as("the released one waits for the resume").isEmpty();
  }

  @Test
  void thePauseSurvivesARestartAndAnUpdateOfTheSettings() {
    harness.post(q, "m");
    done(backend.pause(q, PAUSE_RESERVE));

    done(backend.updateQueue(q, QueueChange.none().withMessageTimeout(120)));
    harness.restart();

    assertThat(pauseOf(q)).isEqualTo(new QueuePause(true, false));
    assertThat(harness.reserve(q, 1, 60)).isEmpty();
    done(harness.backend.pause(q, RESUME_RESERVE));
    assertThat(harness.reserve(q, 1, 60)).hasSize(1);
  }

  @Test
  void pushDeliveriesWaitForTheResume() {
    pushQueue();
    done(backend.pause(q, PAUSE_PUSH));

    long id = harness.post(q, "pushed").get(0);

    assertThat(harness.transport.isIdle()).isTrue();
    assertThat(statuses(id)).extracting(PushStatus::status).containsOnly(DeliveryStatus.QUEUED);
    harness.advanceSeconds(60);
    assertThat(harness.transport.isIdle()).isTrue();

    done(backend.pause(q, RESUME_PUSH));
    harness.advanceSeconds(0);

    List<Pending> attempts = harness.transport.take();
    assertThat(attempts).extracting(Pending::subscriber).containsExactlyInAnyOrder("a", "b");
    attempts.forEach(attempt -> attempt.answer(200));
    assertThat(harness.size(q)).isZero();
  }

  @Test
  void aRetryThatFallsDueDuringThePauseIsMadeAfterTheResume() {
    pushQueue();
    long id = harness.post(q, "m").get(0);
    for (Pending attempt : harness.transport.take()) {
      attempt.answer(attempt.subscriber().equals("a") ? 200 : 503);
    }
    done(backend.pause(q, PAUSE_PUSH));

    harness.advanceSeconds(30);
    assertThat(harness.transport.isIdle()).as("the retry of b waits").isTrue();

    done(backend.pause(q, RESUME_PUSH));
    harness.advanceSeconds(0);

    List<Pending> retry = harness.transport.take();
    assertThat(retry).extracting(Pending::subscriber).containsExactly("b");
    retry.get(0).answer(200);
    assertThat(statuses(id)).extracting(PushStatus::status).containsOnly(DeliveryStatus.DELIVERED);
  }

  @Test
  void anAttemptUnderWayWhenPushingPausesStillCounts() {
    pushQueue();
    long id = harness.post(q, "m").get(0);
    List<Pending> attempts = harness.transport.take();
    done(backend.pause(q, PAUSE_PUSH));

    attempts.forEach(attempt -> attempt.answer(200));

    assertThat(statuses(id)).extracting(PushStatus::status).containsOnly(DeliveryStatus.DELIVERED);
    assertThat(harness.size(q)).isZero();
  }

  @Test
  void pausingOneLeavesTheOtherAsItIs() {
    pushQueue();
    done(backend.pause(q, new PauseChange(Optional.of(true), Optional.of(true))));

    done(backend.pause(q, RESUME_RESERVE));

    assertThat(pauseOf(q)).isEqualTo(new QueuePause(false, true));
  }

  @Test
  void aPullQueueHasNoPushToPause() {
    harness.post(q, "m");

    assertThat(problemOf(backend.pause(q, PAUSE_PUSH))).isInstanceOf(Problem.InvalidRequest.class);
    assertThat(pauseOf(q)).isEqualTo(QueuePause.NONE);
  }

  @Test
  void anUnknownQueueIsNotFound() {
    assertThat(problemOf(backend.pause(harness.queue("nowhere"), PAUSE_RESERVE)))
        .isInstanceOf(Problem.QueueNotFound.class);
  }

  private void pushQueue() {
    harness.multicast(q, "a", "b");
  }

  private List<PushStatus> statuses(long id) {
    return done(backend.pushStatuses(q, id));
  }
}
