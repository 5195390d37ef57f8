package dev.ironmq.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.store.memory.MemoryJournal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

/**
 * An engine over a memory store, on manual runtimes and a manual clock. Everything runs on the
 * test's thread; futures are complete when the calls that made them return.
 */
final class EngineHarness {
  static final String PROJECT = "5a0c1b2d3e4f5a6b7c8d9e0f";
  static final long START = 1_764_000_000_000L;

  final ManualClock clock = new ManualClock(START);
  final FakeTransport transport = new FakeTransport();
  private MemoryJournal store = new MemoryJournal();
  private final int shardCount;
  private List<ManualRuntime> runtimes;
  Engine engine;

  EngineHarness() {
    this(2);
  }

  EngineHarness(int shardCount) {
    this.shardCount = shardCount;
    start();
  }

  private void start() {
    runtimes = IntStream.range(0, shardCount).mapToObj(i -> new ManualRuntime()).toList();
    engine =
        Engine.start(store, clock, List.copyOf(runtimes), EngineSettings.defaults(), transport);
  }

  /** Stops this engine and starts another on the same stored contents, as a restart would. */
  void restart() {
    store.close();
    store = store.reopen();
    start();
  }

  /** How many messages the store holds, in any queue. */
  long storedMessageCount() {
    long[] count = {0};
    store.scan(
        new dev.ironmq.store.JournalVisitor() {
          @Override
          public void sequence(String name, long value) {}

          @Override
          public void project(dev.ironmq.backend.ProjectRecord project) {}

          @Override
          public void token(dev.ironmq.backend.TokenRecord token) {}

          @Override
          public void queue(dev.ironmq.store.QueueRecord queue, long totalMessages) {}

          @Override
          public void message(
              dev.ironmq.store.MessageRecord message,
              Optional<dev.ironmq.store.MessageState> state,
              List<dev.ironmq.store.DeliveryRecord> deliveries) {
            count[0]++;
          }
        });
    return count[0];
  }

  /** Moves the clock, running every timer that comes due on the way. */
  void advance(Duration duration) {
    long target = clock.millis() + duration.toMillis();
    while (true) {
      long next = Long.MAX_VALUE;
      for (ManualRuntime runtime : runtimes) {
        next = Math.min(next, runtime.nextWakeUp());
      }
      if (next > target) {
        break;
      }
      clock.advance(Duration.ofMillis(Math.max(0, next - clock.millis())));
      runtimes.forEach(r -> r.tickIfDue(clock.millis()));
    }
    clock.advance(Duration.ofMillis(target - clock.millis()));
  }

  void advanceSeconds(long seconds) {
    advance(Duration.ofSeconds(seconds));
  }

  QueueRef queue(String name) {
    return QueueRef.of(PROJECT, name);
  }

  List<Long> post(QueueRef ref, String... bodies) {
    List<NewMessage> messages = new ArrayList<>();
    for (String body : bodies) {
      messages.add(NewMessage.of(body));
    }
    return done(engine.post(ref, messages));
  }

  long postDelayed(QueueRef ref, String body, int delaySeconds) {
    return done(engine.post(
            ref, List.of(new NewMessage(body, delaySeconds, 0, 0, java.util.Map.of()))))
        .get(0);
  }

  List<ReservedMessage> reserve(QueueRef ref, int count, int timeoutSeconds) {
    return done(engine.reserve(ref, new ReserveRequest(count, timeoutSeconds, 0, false)).result());
  }

  ReservedMessage reserveOne(QueueRef ref, int timeoutSeconds) {
    List<ReservedMessage> reserved = reserve(ref, 1, timeoutSeconds);
    assertThat(reserved).hasSize(1);
    return reserved.get(0);
  }

  List<String> peekBodies(QueueRef ref) {
    return done(engine.peek(ref, 100)).stream().map(MessageView::body).toList();
  }

  long size(QueueRef ref) {
    return done(engine.queueInfo(ref)).size();
  }

  void delete(QueueRef ref, ReservedMessage message) {
    done(
        engine.deleteMessage(
            ref,
            message.id(),
            Optional.of(message.reservationId()),
            ReservationCheck.CURRENT_RESERVATION));
  }

  /** The value of a future that must already be complete. */
  static <T> T done(CompletableFuture<T> future) {
    assertThat(future).as("the operation should have finished").isDone();
    try {
      return future.get();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProblemException problem) {
        throw problem;
      }
      throw new AssertionError(e.getCause());
    }
  }

  /** The problem a finished future failed with. */
  static Problem problemOf(CompletableFuture<?> future) {
    assertThat(future).isDone();
    try {
      future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProblemException problem) {
        return problem.problem();
      }
      throw new AssertionError("failed with something other than a problem", e.getCause());
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the operation succeeded; a problem was expected");
  }
}
