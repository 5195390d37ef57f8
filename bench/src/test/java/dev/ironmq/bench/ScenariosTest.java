package dev.ironmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.bench.ironmq.IronMqSystem;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios do the work they claim, against this server (correctness, not speed). */
class ScenariosTest {
  private static IronMqSystem system;
  private static Vertx vertx;
  private static QueueTarget target;
  private static LoadDriver driver;

  @BeforeAll
  static void start(@TempDir Path dir) {
    system = TestSystems.ironMq(dir, "always");
    system.start();
    vertx = Vertx.vertx();
    target = system.connect(vertx, 4);
    driver = new LoadDriver(vertx, Duration.ZERO, Duration.ofMillis(700));
  }

  @AfterAll
  static void stop() {
    target.close();
    LoadDriver.await(vertx.close());
    system.close();
  }

  @Test
  void postingCountsEveryMessagePostedAndNoErrors() {
    Measurement result = Scenarios.post(driver, target, "post", 4, 10, 100);

    assertThat(result.operations()).isPositive();
    assertThat(result.messages()).isEqualTo(result.operations() * 10);
    assertThat(result.errors()).isZero();
    assertThat(result.latencyMillis(50)).isPositive();
  }

  @Test
  void thePipelineCountsOnlyMessagesThatWereReservedAndDeleted() {
    Measurement result = Scenarios.pipeline(driver, target, "pipeline", 4, 5, 100);

    assertThat(result.messages()).isPositive();
    assertThat(result.errors()).isZero();
    // Two of the four callers post 5 per call and two consume up to 5: every consumed message is
    // one of those posted, so the queue never holds a negative count.
    assertThat(LoadDriver.await(target.size("pipeline"))).isNotNegative();
  }

  // How fast a cold JVM on a loaded machine serves is the benchmark's to measure, not these tests':
  // they check that what is counted is right. A paced load never runs ahead of its schedule, so
  // more than the rate times the window would mean messages counted twice or posts issued early.

  @Test
  void latencyCountsEachMessageOnceFromWhenItsPostWasDue() {
    Measurement result = Scenarios.latency(vertx, driver, target, "latency", 200, 2, 100);

    assertThat(result.messages()).isPositive().isLessThanOrEqualTo(atMost(200, result));
    assertThat(result.operations()).isEqualTo(result.messages());
    assertThat(result.errors()).isZero();
    assertThat(result.latencyMillis(50)).isPositive();
  }

  @Test
  void aFixedRateNeverRunsAheadOfThatRate() {
    Measurement result =
        new LoadDriver(vertx, Duration.ZERO, Duration.ofSeconds(1))
            .fixedRate(200, due -> target.post("rate", List.of(Bodies.stamped(due, 10))));

    assertThat(result.operations()).isPositive().isLessThanOrEqualTo(atMost(200, result));
    assertThat(result.errors()).isZero();
  }

  /**
   * The most operations a load paced at {@code perSecond} can complete in the result's window: what
   * was due in it, plus what was due in the moment between the start of the load and the start of
   * the window (a quarter of a second is far more than that moment).
   */
  private static long atMost(double perSecond, Measurement result) {
    return (long) Math.ceil(perSecond * (result.seconds() + 0.25)) + 1;
  }

  @Test
  void parkedPollsStayParkedWhileOtherRequestsAreServed() {
    ParkedPolls.Result result =
        ParkedPolls.run(vertx, driver, system, target, 200, Duration.ofSeconds(1), 2, 100);

    assertThat(result.polls()).isEqualTo(200);
    assertThat(result.failedPolls()).isZero();
    assertThat(result.idleBytes()).isPositive();
    assertThat(result.parkedBytes()).isPositive();
    assertThat(result.others().operations()).isPositive();
    assertThat(result.others().errors()).isZero();
  }
}
