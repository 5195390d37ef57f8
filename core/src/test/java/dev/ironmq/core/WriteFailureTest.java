package dev.ironmq.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.BackendHealth;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.backend.tck.ManualClock;
import dev.ironmq.http.InternalMessagesJson;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.JournalFullException;
import dev.ironmq.store.memory.MemoryJournal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * What the embedded engine does when its journal cannot write (a full disk): writes are refused and
 * change nothing, reads are served from what is on disk, and writes work again once the journal
 * does.
 */
class WriteFailureTest {
  private static final JournalFullException DISK_FULL =
      new JournalFullException("the disk is full", null);

  private final ManualClock clock = new ManualClock(1_764_000_000_000L);
  private final MemoryJournal journal = new MemoryJournal();
  private final ManualRuntime runtime = new ManualRuntime();
  private final QueueRef q = QueueRef.of("5a0c1b2d3e4f5a6b7c8d9e0f", "jobs");
  private final Engine engine =
      Engine.start(
          journal,
          clock,
          List.of(runtime),
          new EngineSettings(64 * 1024, Duration.ofMinutes(1)),
          PushTransport.NONE,
          new InternalMessagesJson());

  @Test
  void whileTheDiskIsFullWritesAreRefusedReadsServeWhatIsOnDiskAndBothResumeAfterwards() {
    List<Long> ids = engine.post(q, List.of(NewMessage.of("a"), NewMessage.of("b"))).join();
    ReservedMessage reserved = reserve(1).get(0);

    journal.failWrites(DISK_FULL);
    journal.reportFailure();

    assertThat(problemOf(engine.post(q, List.of(NewMessage.of("c")))))
        .isInstanceOf(Problem.StorageFull.class);
    assertThat(problemOf(engine.reserve(q, new ReserveRequest(1, 60, 0, false)).result()))
        .isInstanceOf(Problem.StorageFull.class);
    assertThat(
            problemOf(
                engine.deleteMessage(
                    q,
                    reserved.id(),
                    Optional.of(reserved.reservationId()),
                    ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.StorageFull.class);
    assertThat(engine.health().status()).isEqualTo(BackendHealth.Status.READ_ONLY);
    assertThat(engine.queueInfo(q).join().size()).isEqualTo(2);
    assertThat(engine.peek(q, 10).join()).extracting(MessageView::id).containsExactly(ids.get(1));
    assertThat(engine.message(q, reserved.id()).join().reserved()).isTrue();

    journal.resumeWrites();

    assertThat(engine.health().isOk()).isTrue();
    engine
        .deleteMessage(
            q,
            reserved.id(),
            Optional.of(reserved.reservationId()),
            ReservationCheck.CURRENT_RESERVATION)
        .join();
    engine.post(q, List.of(NewMessage.of("c"))).join();
    assertThat(engine.peek(q, 10).join()).extracting(MessageView::body).containsExactly("b", "c");
  }

  @Test
  void aWriteThatFailedIsNeverReadEvenBeforeMemoryIsLoadedAgain() {
    engine.post(q, List.of(NewMessage.of("a"))).join();
    journal.failWrites(DISK_FULL);

    assertThat(problemOf(engine.post(q, List.of(NewMessage.of("lost")))))
        .isInstanceOf(Problem.StorageFull.class);
    CompletableFuture<List<MessageView>> peek = engine.peek(q, 10);
    assertThat(peek).as("a read waits for memory loaded from the journal").isNotDone();

    journal.reportFailure();

    assertThat(peek.join()).extracting(MessageView::body).containsExactly("a");
  }

  @Test
  void aParkedReserveEndsEmptyWhenWritesFail() {
    engine.post(q, List.of(NewMessage.of("a"))).join();
    reserve(1);
    CompletableFuture<List<ReservedMessage>> parked =
        engine.reserve(q, new ReserveRequest(1, 60, 30, false)).result();
    assertThat(parked).isNotDone();

    journal.failWrites(new JournalException("an input/output error"));
    journal.reportFailure();

    assertThat(parked.join()).isEmpty();
    assertThat(engine.health().status()).isEqualTo(BackendHealth.Status.READ_ONLY);
    assertThat(problemOf(engine.post(q, List.of(NewMessage.of("b")))))
        .isInstanceOf(Problem.StorageUnavailable.class);
  }

  private List<ReservedMessage> reserve(int count) {
    return engine.reserve(q, new ReserveRequest(count, 60, 0, false)).result().join();
  }

  private static Problem problemOf(CompletableFuture<?> future) {
    try {
      future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ProblemException problem) {
        return problem.problem();
      }
      throw e;
    }
    throw new AssertionError("the operation succeeded; a refusal was expected");
  }
}
