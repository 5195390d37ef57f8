package dev.ironmq.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The steady workloads, each written once against {@link QueueTarget}. */
public final class Scenarios {
  /** How many messages a long-polling consumer asks for at once. */
  static final int CONSUMER_BATCH = 100;

  /** How long a consumer's long poll may wait on an empty queue (SQS's longest). */
  static final int LONG_POLL_SECONDS = 20;

  private Scenarios() {}

  /** Producers only: each call posts {@code batch} messages. */
  public static Measurement post(
      LoadDriver driver, QueueTarget target, String queue, int users, int batch, int bodyBytes) {
    LoadDriver.await(target.createQueue(queue));
    List<String> bodies = Bodies.of(batch, bodyBytes);
    return driver.closedLoop(users, () -> target.post(queue, bodies));
  }

  /**
   * Half the users post {@code batch} messages per call, half reserve up to {@code batch} and
   * delete them; counts the messages that made the whole trip.
   */
  public static Measurement pipeline(
      LoadDriver driver, QueueTarget target, String queue, int users, int batch, int bodyBytes) {
    LoadDriver.await(target.createQueue(queue));
    List<String> bodies = Bodies.of(batch, bodyBytes);
    AtomicInteger next = new AtomicInteger();
    return driver.closedLoop(
        users,
        () ->
            next.getAndIncrement() % 2 == 0
                ? target.post(queue, bodies).map(posted -> 0)
                : consume(target, queue, batch, 1));
  }

  /**
   * Post-to-consumer latency: one message per post at a fixed rate, taken by {@code consumers} long
   * polls (each asking for up to {@value #CONSUMER_BATCH}, deleting what it got before polling
   * again). Each message counts once, with the time from when its post was due to when a consumer
   * had it.
   */
  public static Measurement latency(
      Vertx vertx,
      LoadDriver driver,
      QueueTarget target,
      String queue,
      double perSecond,
      int consumers,
      int bodyBytes) {
    LoadDriver.await(target.createQueue(queue));
    LoadDriver.Window delivered = driver.window();
    AtomicBoolean running = new AtomicBoolean(true);
    for (int i = 0; i < consumers; i++) {
      vertx.runOnContext(v -> longPoll(vertx, target, queue, delivered, running));
    }
    driver.pace(
        perSecond,
        due ->
            target
                .post(queue, List.of(Bodies.stamped(due, bodyBytes)))
                .onFailure(e -> delivered.failed()),
        running);
    Measurement result = delivered.run(running);
    // Wakes the polls still parked, so they give their connections back.
    LoadDriver.await(
        target.post(queue, Collections.nCopies(consumers, Bodies.stamped(0, bodyBytes))));
    return result;
  }

  private static void longPoll(
      Vertx vertx,
      QueueTarget target,
      String queue,
      LoadDriver.Window delivered,
      AtomicBoolean running) {
    if (!running.get()) {
      return;
    }
    target
        .reserve(queue, CONSUMER_BATCH, LONG_POLL_SECONDS)
        .compose(
            received -> {
              long now = System.nanoTime();
              for (QueueTarget.Received message : received) {
                long due = Bodies.stampOf(message.body());
                if (due != 0) {
                  delivered.record(now - due, 1);
                }
              }
              return target.delete(queue, received);
            })
        .onComplete(
            done -> {
              if (done.succeeded()) {
                longPoll(vertx, target, queue, delivered, running);
              } else {
                delivered.failed();
                vertx.setTimer(100, id -> longPoll(vertx, target, queue, delivered, running));
              }
            });
  }

  /** Reserves up to {@code batch} messages and deletes them; yields how many. */
  static Future<Integer> consume(QueueTarget target, String queue, int batch, int waitSeconds) {
    return target
        .reserve(queue, batch, waitSeconds)
        .compose(reserved -> target.delete(queue, reserved).map(deleted -> reserved.size()));
  }
}
