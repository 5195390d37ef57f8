package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.server.MetricsOptions;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --metrics off}: nothing measured, no {@code /metrics}, the API unchanged. */
class MetricsOffTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server =
        TestServer.withMetrics(new MetricsOptions(false, Optional.empty(), OptionalInt.empty(), 0));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void metricsAreNotServedAndQueuesWorkAsEver() throws Exception {
    RawHttp admin = server.http().withHeader("Authorization", "OAuth " + TestServer.ADMIN_TOKEN);
    RawHttp.Reply metrics = admin.get("/metrics");
    assertThat(metrics.status()).isEqualTo(404);
    assertThat(metrics.body()).contains("\"msg\"");

    String id = server.client().queue(TestServer.uniqueQueue("unmeasured")).push("m");
    assertThat(id).isNotEmpty();
  }
}
