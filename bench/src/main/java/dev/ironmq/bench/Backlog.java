package dev.ironmq.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A large backlog: posts it, restarts the system with it (when the system can be restarted), drains
 * it, and compares the drain rate at its start and its end with the rate of draining a queue a
 * tenth its size (after a first such round has warmed the system up). A queue must not slow down as
 * it grows, nor as deletes pile up.
 */
public final class Backlog {
  /**
   * What it measured.
   *
   * @param messages the backlog's size
   * @param fillPerSecond messages posted per second while it was built
   * @param ready how long a restart took until the queue answered with its whole backlog, or null
   *     if the system cannot be restarted by the benchmark
   * @param smallPerSecond the drain rate of a queue a tenth of the backlog's size
   * @param startPerSecond the drain rate over the backlog's first tenth
   * @param endPerSecond the drain rate over the backlog's last tenth
   */
  public record Result(
      long messages,
      double fillPerSecond,
      Duration ready,
      double smallPerSecond,
      double startPerSecond,
      double endPerSecond) {}

  private static final int BATCH = 100;

  /** How long filling or draining may take: beanstalkd fsyncing every write needs minutes. */
  private static final Duration PATIENCE = Duration.ofMinutes(30);

  private final Vertx vertx;
  private final QueueSystem system;
  private final int users;
  private final int bodyBytes;
  private QueueTarget target;

  public Backlog(Vertx vertx, QueueSystem system, int users, int bodyBytes) {
    this.vertx = vertx;
    this.system = system;
    this.users = users;
    this.bodyBytes = bodyBytes;
  }

  public Result run(long messages) {
    target = system.connect(vertx, users);
    try {
      String queue = "backlog-" + bodyBytes + "-" + System.nanoTime();
      double fillPerSecond = fill(queue, messages);
      Duration ready = system.restartable() ? restart(queue, messages) : null;
      // The first small round warms a freshly restarted system up; the second is the baseline.
      long smallMessages = messages / 10;
      fill(queue + "-warm-up", smallMessages);
      drain(queue + "-warm-up", smallMessages);
      fill(queue + "-small", smallMessages);
      double smallPerSecond = smallMessages / drain(queue + "-small", smallMessages).seconds(0, 1);
      Drain drain = drain(queue, messages);
      return new Result(
          messages,
          fillPerSecond,
          ready,
          smallPerSecond,
          messages / 10.0 / drain.seconds(0, 0.1),
          messages / 10.0 / drain.seconds(0.9, 1));
    } finally {
      target.close();
    }
  }

  /** Posts {@code messages} in batches with every user; returns the rate. */
  private double fill(String queue, long messages) {
    LoadDriver.await(target.createQueue(queue));
    List<String> bodies = Bodies.of(BATCH, bodyBytes);
    AtomicLong unclaimed = new AtomicLong(messages);
    long started = System.nanoTime();
    Promise<Void> filled = Promise.promise();
    AtomicLong posted = new AtomicLong();
    for (int i = 0; i < users; i++) {
      vertx.runOnContext(v -> postLoop(queue, bodies, unclaimed, posted, messages, filled));
    }
    LoadDriver.await(filled.future(), PATIENCE);
    double seconds = (System.nanoTime() - started) / 1e9;
    long size = LoadDriver.await(target.size(queue));
    if (size != messages) {
      throw new IllegalStateException(queue + " holds " + size + " messages, not " + messages);
    }
    return messages / seconds;
  }

  private void postLoop(
      String queue,
      List<String> bodies,
      AtomicLong unclaimed,
      AtomicLong posted,
      long messages,
      Promise<Void> filled) {
    long claimed = Math.min(BATCH, unclaimed.getAndAdd(-BATCH));
    if (claimed <= 0) {
      return;
    }
    List<String> batch = claimed == BATCH ? bodies : bodies.subList(0, (int) claimed);
    target
        .post(queue, batch)
        .onComplete(
            done -> {
              if (done.failed()) {
                filled.tryFail(done.cause());
                return;
              }
              if (posted.addAndGet(done.result()) == messages) {
                filled.tryComplete();
              }
              postLoop(queue, bodies, unclaimed, posted, messages, filled);
            });
  }

  /** Stops the system and starts it again; returns how long until the queue was whole again. */
  private Duration restart(String queue, long messages) {
    target.close();
    system.stop();
    long started = System.nanoTime();
    system.resume();
    target = system.connect(vertx, users);
    long deadline = started + PATIENCE.toNanos();
    long size = -1;
    while (System.nanoTime() < deadline) {
      try {
        size = LoadDriver.await(target.size(queue));
        if (size == messages) {
          return Duration.ofNanos(System.nanoTime() - started);
        }
      } catch (IllegalStateException notYet) {
        // still recovering
      }
      LoadDriver.sleep(Duration.ofMillis(10));
    }
    throw new IllegalStateException(
        "after a restart, " + queue + " held " + size + " messages, not " + messages);
  }

  /** When each tenth of a queue had been drained (index 0: when the drain started). */
  private record Drain(long[] nanosAtTenth) {
    /** Seconds between two fractions of the drain, in tenths (0, 0.1, ... 1). */
    double seconds(double from, double to) {
      return (nanosAtTenth[(int) Math.round(to * 10)] - nanosAtTenth[(int) Math.round(from * 10)])
          / 1e9;
    }
  }

  /** Reserves and deletes every message with every user, noting when each tenth was drained. */
  private Drain drain(String queue, long messages) {
    long[] marks = new long[11];
    marks[0] = System.nanoTime();
    AtomicLong drained = new AtomicLong();
    Promise<Void> empty = Promise.promise();
    for (int i = 0; i < users; i++) {
      vertx.runOnContext(v -> drainLoop(queue, messages, drained, marks, empty));
    }
    LoadDriver.await(empty.future(), PATIENCE);
    synchronized (marks) {
      return new Drain(marks.clone());
    }
  }

  private void drainLoop(
      String queue, long messages, AtomicLong drained, long[] marks, Promise<Void> empty) {
    if (drained.get() >= messages) {
      return;
    }
    Scenarios.consume(target, queue, BATCH, 0)
        .onComplete(
            done -> {
              if (done.failed()) {
                empty.tryFail(done.cause());
                return;
              }
              long before = drained.getAndAdd(done.result());
              long after = before + done.result();
              long now = System.nanoTime();
              for (int tenth = 1; tenth <= 10; tenth++) {
                long mark = messages * tenth / 10;
                if (before < mark && after >= mark) {
                  synchronized (marks) {
                    marks[tenth] = now;
                  }
                }
              }
              if (after >= messages) {
                empty.tryComplete();
              } else if (done.result() == 0) {
                vertx.setTimer(1, id -> drainLoop(queue, messages, drained, marks, empty));
              } else {
                drainLoop(queue, messages, drained, marks, empty);
              }
            });
  }
}
