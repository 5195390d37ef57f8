package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.server.MetricsOptions;
import io.iron.ironmq.Queue;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --metrics-max-queues}: a server with many queues labels only the largest. */
class MetricsCapTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server =
        TestServer.withMetrics(new MetricsOptions(true, Optional.empty(), OptionalInt.empty(), 2));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void queuesBeyondTheCapAreSummedUnderOther() throws Exception {
    String prefix = TestServer.uniqueQueue("capped");
    for (int i = 1; i <= 4; i++) {
      Queue queue = server.client().queue(prefix + "-" + i);
      for (int m = 0; m < 100 * i; m++) {
        queue.push("m");
      }
    }

    String text =
        server
            .http()
            .withHeader("Authorization", "OAuth " + TestServer.ADMIN_TOKEN)
            .get("/metrics")
            .body();

    // The cap is 2: the two largest queues have their own labels.
    assertThat(
            MetricsTest.sample(text, "ironmq_queue_size", MetricsTest.queueLabels(prefix + "-4")))
        .isEqualTo(400);
    assertThat(
            MetricsTest.sample(text, "ironmq_queue_size", MetricsTest.queueLabels(prefix + "-3")))
        .isEqualTo(300);
    assertThat(text).doesNotContain("ironmq_queue_size{" + MetricsTest.queueLabels(prefix + "-1"));
    assertThat(MetricsTest.sample(text, "ironmq_queue_size", "queue=\"_other\""))
        .isGreaterThanOrEqualTo(300);
    assertThat(MetricsTest.sample(text, "ironmq_queues_unlabelled")).isGreaterThanOrEqualTo(2);
    for (int i = 1; i <= 4; i++) {
      server.client().queue(prefix + "-" + i).destroy();
    }
  }
}
