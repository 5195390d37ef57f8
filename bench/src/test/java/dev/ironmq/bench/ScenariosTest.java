package dev.ironmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.bench.ironmq.IronMqClient;
import dev.ironmq.bench.ironmq.IronMqTarget;
import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios do the work they claim, against a real server (correctness, not speed). */
class ScenariosTest {
  private static final String PROJECT = "0123456789abcdef01234567";
  private static IronMqServer server;
  private static Vertx vertx;
  private static IronMqTarget target;
  private static LoadDriver driver;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    server =
        IronMqServer.start(ServerConfig.defaults(dataDir, 0).withCredentials(PROJECT, "t", "a"));
    vertx = Vertx.vertx();
    target =
        new IronMqTarget("ironmq", vertx, "http://127.0.0.1:" + server.port(), PROJECT, "t", 4);
    driver = new LoadDriver(vertx, Duration.ZERO, Duration.ofMillis(700));
  }

  @AfterAll
  static void stop() {
    target.close();
    LoadDriver.await(vertx.close());
    server.close();
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
  void thePipelineCountsMessagesThatWereReservedAndDeleted() throws Exception {
    Measurement result = Scenarios.pipeline(driver, target, "pipeline", 4, 5, 100);
    IronMqClient client =
        new IronMqClient(vertx, "http://127.0.0.1:" + server.port(), PROJECT, "t", 1);

    assertThat(result.messages()).isPositive();
    assertThat(result.errors()).isZero();
    assertThat(LoadDriver.await(client.size("pipeline"))).isNotNegative();
    client.close();
  }

  @Test
  void theRoundTripReservesWhatItPosted() {
    Measurement result = Scenarios.roundTrip(driver, target, "roundtrip", 100);

    assertThat(result.operations()).isPositive();
    assertThat(result.errors()).isZero();
  }

  @Test
  void aFixedRateIssuesAboutThatRate() {
    Measurement result =
        new LoadDriver(vertx, Duration.ZERO, Duration.ofSeconds(1))
            .fixedRate(200, () -> target.post("rate", 1, 10));

    assertThat(result.operationsPerSecond()).isBetween(100.0, 300.0);
    assertThat(result.errors()).isZero();
  }
}
