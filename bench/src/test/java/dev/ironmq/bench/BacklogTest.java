package dev.ironmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacklogTest {
  @Test
  void theBacklogIsPostedExactlySurvivesARestartAndIsDrained(@TempDir Path dir) {
    Vertx vertx = Vertx.vertx();
    try (QueueSystem system = TestSystems.ironMq(dir, "always")) {
      system.start();

      Backlog.Result result = new Backlog(vertx, system, 4, 100).run(5_000);

      assertThat(result.messages()).isEqualTo(5_000);
      assertThat(result.fillPerSecond()).isPositive();
      assertThat(result.ready()).isNotNull().isPositive();
      assertThat(result.smallPerSecond()).isPositive();
      assertThat(result.startPerSecond()).isPositive();
      assertThat(result.endPerSecond()).isPositive();
    } finally {
      LoadDriver.await(vertx.close());
    }
  }

  @Test
  void aSystemTheBenchmarkCannotRestartHasNoRestartTime(@TempDir Path dir) {
    Vertx vertx = Vertx.vertx();
    try (QueueSystem system = new dev.ironmq.bench.beanstalkd.BeanstalkdSystem(false, dir)) {
      system.start();

      Backlog.Result result = new Backlog(vertx, system, 4, 100).run(2_000);

      assertThat(result.ready()).isNull();
      assertThat(result.endPerSecond()).isPositive();
    } finally {
      LoadDriver.await(vertx.close());
    }
  }
}
