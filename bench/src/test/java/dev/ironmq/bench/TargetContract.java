package dev.ironmq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every target must do for the scenarios to measure the same work on each system: post,
 * reserve, delete and count exactly, and wait on an empty queue. Run against the real system.
 */
abstract class TargetContract {
  @TempDir protected Path dir;
  protected Vertx vertx;
  protected QueueSystem system;
  protected QueueTarget target;

  /** A fresh system, not started. */
  protected abstract QueueSystem system();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    system = system();
    system.start();
    target = system.connect(vertx, 4);
  }

  @AfterEach
  void stop() {
    target.close();
    system.close();
    LoadDriver.await(vertx.close());
  }

  @Test
  void whatIsPostedIsReservedIntactAndDeleteEmptiesTheQueue() {
    String queue = "contract-" + System.nanoTime();
    LoadDriver.await(target.createQueue(queue));
    List<String> batch = IntStream.range(0, 100).mapToObj(i -> Bodies.stamped(i, 50)).toList();

    assertThat(LoadDriver.await(target.post(queue, List.of(Bodies.stamped(1000, 50)))))
        .isEqualTo(1);
    assertThat(LoadDriver.await(target.post(queue, batch))).isEqualTo(100);
    assertThat(LoadDriver.await(target.size(queue))).isEqualTo(101);

    List<String> bodies = new ArrayList<>();
    while (bodies.size() < 101) {
      List<QueueTarget.Received> received = LoadDriver.await(target.reserve(queue, 100, 1));
      assertThat(received).isNotEmpty().hasSizeLessThanOrEqualTo(100);
      received.forEach(m -> bodies.add(m.body()));
      LoadDriver.await(target.delete(queue, received));
    }

    assertThat(bodies).hasSize(101).containsAll(batch).contains(Bodies.stamped(1000, 50));
    assertThat(bodies.get(0)).hasSize(50);
    assertThat(LoadDriver.await(target.size(queue))).isZero();
  }

  @Test
  void aReserveOnAnEmptyQueueWaitsThenComesBackEmpty() {
    String queue = "empty-" + System.nanoTime();
    LoadDriver.await(target.createQueue(queue));

    long started = System.nanoTime();
    List<QueueTarget.Received> received = LoadDriver.await(target.reserve(queue, 10, 1));

    assertThat(received).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(900));
  }

  @Test
  void aWaitingReserveTakesAMessageAsSoonAsItIsPosted() {
    String queue = "wake-" + System.nanoTime();
    LoadDriver.await(target.createQueue(queue));

    var waiting = target.reserve(queue, 10, 10);
    LoadDriver.sleep(Duration.ofMillis(300));
    long posted = System.nanoTime();
    LoadDriver.await(target.post(queue, List.of("hello;")));
    List<QueueTarget.Received> received = LoadDriver.await(waiting);

    assertThat(received).extracting(QueueTarget.Received::body).containsExactly("hello;");
    assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(2));
    LoadDriver.await(target.delete(queue, received));
  }

  @Test
  void aRestartableSystemKeepsItsMessagesAcrossARestart() {
    assumeTrue(system.restartable(), "the benchmark cannot restart " + system.name());
    String queue = "kept-" + System.nanoTime();
    LoadDriver.await(target.createQueue(queue));
    LoadDriver.await(target.post(queue, Bodies.of(100, 10)));
    target.close();

    system.stop();
    system.resume();
    target = system.connect(vertx, 4);

    assertThat(LoadDriver.await(target.size(queue))).isEqualTo(100);
  }
}
