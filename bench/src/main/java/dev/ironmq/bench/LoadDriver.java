package dev.ironmq.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives an operation against a target and measures it: after a warm-up, counts what completes in a
 * fixed window and records each operation's latency. An operation's future yields how many messages
 * it moved.
 */
public final class LoadDriver {
  private final Vertx vertx;
  private final Duration warmup;
  private final Duration window;

  public LoadDriver(Vertx vertx, Duration warmup, Duration window) {
    this.vertx = vertx;
    this.warmup = warmup;
    this.window = window;
  }

  /**
   * Closed loop: {@code users} loops each start the next operation when the last one ends, as many
   * clients on keep-alive connections would. Measures the saturated rate.
   */
  public Measurement closedLoop(int users, Supplier<Future<Integer>> operation) {
    return closedLoop(users, operation, Future::succeededFuture);
  }

  /**
   * Closed loop with a follow-up: the latency covers {@code measured} only; {@code then} runs after
   * it (unmeasured) and yields the number of messages moved.
   */
  public <T> Measurement closedLoop(
      int users, Supplier<Future<T>> measured, Function<T, Future<Integer>> then) {
    Window window = new Window();
    AtomicBoolean running = new AtomicBoolean(true);
    for (int i = 0; i < users; i++) {
      vertx.runOnContext(v -> loop(measured, then, window, running));
    }
    return window.run(running);
  }

  /**
   * Open loop: starts operations at a fixed rate whatever the answers do, and measures each from
   * the moment it was due, so a stall shows in the latency instead of slowing the load. The
   * operation is given the {@link System#nanoTime()} it was due.
   */
  public Measurement fixedRate(double perSecond, LongFunction<Future<Integer>> operation) {
    Window measured = window();
    AtomicBoolean running = new AtomicBoolean(true);
    pace(
        perSecond,
        due ->
            operation
                .apply(due)
                .onComplete(
                    done -> {
                      if (done.succeeded()) {
                        measured.record(System.nanoTime() - due, done.result());
                      } else {
                        measured.failed();
                      }
                    }),
        running);
    return measured.run(running);
  }

  /**
   * Calls {@code operation} with each due time at a fixed rate until {@code running} is cleared.
   */
  public void pace(double perSecond, LongConsumer operation, AtomicBoolean running) {
    long periodNanos = (long) (1_000_000_000L / perSecond);
    long start = System.nanoTime();
    AtomicLong issued = new AtomicLong();
    vertx.setPeriodic(
        1,
        id -> {
          if (!running.get()) {
            vertx.cancelTimer(id);
            return;
          }
          long due = start + issued.get() * periodNanos;
          long now = System.nanoTime();
          while (running.get() && due <= now) {
            operation.accept(due);
            due = start + issued.incrementAndGet() * periodNanos;
          }
        });
  }

  /** A measured window of this driver's warm-up and length, for scenarios that record by hand. */
  public Window window() {
    return new Window();
  }

  private <T> void loop(
      Supplier<Future<T>> measured,
      Function<T, Future<Integer>> then,
      Window window,
      AtomicBoolean running) {
    if (!running.get()) {
      return;
    }
    long started = System.nanoTime();
    Future<T> op;
    try {
      op = measured.get();
    } catch (RuntimeException e) {
      op = Future.failedFuture(e);
    }
    op.onComplete(
        done -> {
          if (done.failed()) {
            window.failed();
            loop(measured, then, window, running);
            return;
          }
          long latencyNanos = System.nanoTime() - started;
          then.apply(done.result())
              .onComplete(
                  moved -> {
                    if (moved.succeeded()) {
                      window.record(latencyNanos, moved.result());
                    } else {
                      window.failed();
                    }
                    loop(measured, then, window, running);
                  });
        });
  }

  /** Counts and latencies, from the end of the warm-up to the end of the window. */
  public final class Window {
    private final Recorder latency = new Recorder(3_600_000_000L, 3);
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean measuring;

    /** Counts an operation that moved {@code moved} messages, if the window is measuring. */
    public void record(long latencyNanos, int moved) {
      if (measuring) {
        latency.recordValue(Math.max(1, latencyNanos / 1000));
        operations.incrementAndGet();
        messages.addAndGet(moved);
      }
    }

    public void failed() {
      if (measuring) {
        errors.incrementAndGet();
      }
    }

    /**
     * Waits out the warm-up, measures for the window's length, then clears {@code running} so the
     * load stops.
     */
    public Measurement run(AtomicBoolean running) {
      sleep(warmup);
      latency.reset();
      measuring = true;
      long started = System.nanoTime();
      sleep(window);
      measuring = false;
      double seconds = (System.nanoTime() - started) / 1e9;
      running.set(false);
      Histogram histogram = latency.getIntervalHistogram();
      sleep(Duration.ofMillis(200));
      return new Measurement(operations.get(), messages.get(), errors.get(), seconds, histogram);
    }
  }

  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits up to two minutes for a Vert.x future, from a thread outside Vert.x. */
  public static <T> T await(Future<T> future) {
    return await(future, Duration.ofMinutes(2));
  }

  /** Waits for a Vert.x future, from a thread outside Vert.x. */
  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
