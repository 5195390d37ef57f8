package dev.ironmq.backend.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.Limits;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PushChange;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The backend under test, from the {@link BackendProvider} on the class path, on a clock the test
 * moves and a push transport whose attempts the test answers; with the calls tests make often.
 */
final class BackendHarness {
  static final String PROJECT = "5a0c1b2d3e4f5a6b7c8d9e0f";
  static final long START = 1_764_000_000_000L;
  static final Duration PUSH_RETENTION = Duration.ofMinutes(1);
  private static final BackendProvider PROVIDER = provider();

  final ManualClock clock = new ManualClock(START);
  final FakeTransport transport = new FakeTransport();
  final RecordedEvents events = new RecordedEvents();
  private OpenBackend open;
  QueueBackend backend;

  BackendHarness() {
    this(2);
  }

  /** A backend spread over this many parts, where the backend has such parts. */
  BackendHarness(int partitions) {
    open =
        PROVIDER.open(
            clock, transport, Limits.DEFAULT_MAX_MESSAGE_BYTES, PUSH_RETENTION, partitions, events);
    backend = open.backend();
    transport.settleWith(() -> open.settle());
  }

  private static BackendProvider provider() {
    Iterator<BackendProvider> found = ServiceLoader.load(BackendProvider.class).iterator();
    if (!found.hasNext()) {
      throw new IllegalStateException(
          "no BackendProvider on the class path: a backend's tests must register one");
    }
    return found.next();
  }

  /** Stops this backend and opens another on the same durable state, as a restart would. */
  void restart() {
    open = open.restart();
    backend = open.backend();
  }

  void close() {
    open.close();
  }

  /** Moves the clock, letting the backend do what falls due on the way. */
  void advance(Duration duration) {
    open.advance(duration);
  }

  void advanceSeconds(long seconds) {
    advance(Duration.ofSeconds(seconds));
  }

  QueueRef queue(String name) {
    return QueueRef.of(PROJECT, name);
  }

  /**
   * Makes {@code ref} a multicast queue delivering to subscribers of these names (at {@code
   * http://subscriber.test/NAME}), with 3 retries 10 seconds apart and no error queue.
   */
  void multicast(QueueRef ref, String... subscriberNames) {
    List<Subscriber> subscribers = new ArrayList<>();
    for (String name : subscriberNames) {
      subscribers.add(new Subscriber(name, "http://subscriber.test/" + name, Map.of()));
    }
    done(
        backend.putQueue(
            ref,
            QueueChange.none()
                .withType(QueueType.MULTICAST)
                .withPush(
                    new PushChange(
                        Optional.of(subscribers),
                        OptionalInt.of(3),
                        OptionalInt.of(10),
                        Optional.of("")))));
  }

  List<Long> post(QueueRef ref, String... bodies) {
    List<NewMessage> messages = new ArrayList<>();
    for (String body : bodies) {
      messages.add(NewMessage.of(body));
    }
    return done(backend.post(ref, messages));
  }

  long postDelayed(QueueRef ref, String body, int delaySeconds) {
    return done(backend.post(ref, List.of(new NewMessage(body, delaySeconds, 0, 0, Map.of()))))
        .get(0);
  }

  List<ReservedMessage> reserve(QueueRef ref, int count, int timeoutSeconds) {
    return done(backend.reserve(ref, new ReserveRequest(count, timeoutSeconds, 0, false)).result());
  }

  ReservedMessage reserveOne(QueueRef ref, int timeoutSeconds) {
    List<ReservedMessage> reserved = reserve(ref, 1, timeoutSeconds);
    assertThat(reserved).hasSize(1);
    return reserved.get(0);
  }

  List<String> peekBodies(QueueRef ref) {
    return done(backend.peek(ref, 100)).stream().map(MessageView::body).toList();
  }

  long size(QueueRef ref) {
    return done(backend.queueInfo(ref)).size();
  }

  void delete(QueueRef ref, ReservedMessage message) {
    done(
        backend.deleteMessage(
            ref,
            message.id(),
            Optional.of(message.reservationId()),
            ReservationCheck.CURRENT_RESERVATION));
  }

  /**
   * Waits until this many reserves are parked: a reserve parks once it found nothing, which on a
   * backend that answers on its own threads is a moment after the call.
   */
  void awaitParked(long count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (backend.parkedReserves() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + count + " reserves parked within 10 s");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /** The value of a future, which must complete within seconds; a problem is rethrown as such. */
  static <T> T done(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("the operation did not finish within 10 s", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProblemException problem) {
        throw problem;
      }
      throw new AssertionError(e.getCause());
    }
  }

  /** The problem a future fails with, within seconds. */
  static Problem problemOf(CompletableFuture<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ProblemException problem) {
        return problem.problem();
      }
      throw new AssertionError("failed with something other than a problem", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("the operation did not finish within 10 s", e);
    }
    throw new AssertionError("the operation succeeded; a problem was expected");
  }
}
