package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.RawHttp.Reply;
import dev.ironmq.metrics.ServerMetrics;
import dev.ironmq.server.MetricsOptions;
import io.iron.ironmq.Message;
import io.iron.ironmq.Queue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} as Prometheus scrapes it: who may read it, and that what it says follows
 * what clients do to the queues, push deliveries and HTTP requests.
 */
class MetricsTest {
  private static final String METRICS_TOKEN = "it-metrics-token-0123456789";
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server =
        TestServer.withMetrics(
            new MetricsOptions(
                true,
                Optional.of(METRICS_TOKEN),
                OptionalInt.of(0),
                ServerMetrics.DEFAULT_MAX_QUEUES));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String scrape() {
    Reply reply =
        server.http().withHeader("Authorization", "OAuth " + METRICS_TOKEN).get("/metrics");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/plain; version=0.0.4");
    return reply.body();
  }

  /** The value of the one sample of {@code name} whose labels include every one given. */
  static double sample(String text, String name, String... labels) {
    Double found = null;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean all = true;
      for (String label : labels) {
        all &= line.contains(label);
      }
      if (all) {
        assertThat(found).as("one sample of %s with %s", name, String.join(",", labels)).isNull();
        found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    assertThat(found)
        .as("a sample of %s with %s in:\n%s", name, String.join(",", labels), text)
        .isNotNull();
    return found;
  }

  static String queueLabels(String name) {
    return "project=\"" + TestServer.PROJECT + "\",queue=\"" + name + "\"";
  }

  @Test
  void onlyTheMetricsTokenOrAnAdminTokenOpensMetrics() {
    RawHttp http = server.http();
    assertThat(http.anonymous().get("/metrics").status()).isEqualTo(401);
    Reply projectToken = http.get("/metrics");
    assertThat(projectToken.status()).isIn(401, 403);
    assertThat(projectToken.body()).contains("\"msg\"");
    assertThat(
            http.withHeader("Authorization", "OAuth " + TestServer.ADMIN_TOKEN)
                .get("/metrics")
                .status())
        .isEqualTo(200);
    assertThat(
            http.withHeader("Authorization", "OAuth " + METRICS_TOKEN)
                .get(TestServer.v3(""))
                .status())
        .as("the metrics token opens nothing else")
        .isIn(401, 403);
  }

  @Test
  void theMetricsPortServesWithoutATokenAndOnlyMetrics() {
    RawHttp local = new RawHttp("http://127.0.0.1:" + server.metricsPort()).anonymous();
    Reply metrics = local.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("ironmq_queues ", "jvm_memory_used_bytes");
    assertThat(local.get(TestServer.v3("")).status()).isEqualTo(404);
  }

  @Test
  void queueGaugesFollowWhatClientsDo() throws Exception {
    String name = TestServer.uniqueQueue("metered");
    Queue queue = server.client().queue(name);
    for (int i = 0; i < 1_000; i++) {
      queue.push("m" + i);
    }
    queue.push("later", 60);
    Message reserved = queue.reserve();

    String text = scrape();

    assertThat(sample(text, "ironmq_queue_size", queueLabels(name))).isEqualTo(1_001);
    assertThat(sample(text, "ironmq_queue_reserved", queueLabels(name))).isEqualTo(1);
    assertThat(sample(text, "ironmq_queue_delayed", queueLabels(name))).isEqualTo(1);
    assertThat(sample(text, "ironmq_queue_oldest_available_age_seconds", queueLabels(name)))
        .isGreaterThanOrEqualTo(0);

    queue.clear();
    assertThat(sample(scrape(), "ironmq_queue_size", queueLabels(name))).isZero();
    queue.destroy();
    assertThat(scrape())
        .as("a deleted queue's gauges go; its counters stay, as counters do")
        .doesNotContain("ironmq_queue_size{" + queueLabels(name));
    assertThat(reserved.getId()).isNotEmpty();
  }

  @Test
  void messagesAreCountedByQueueAndEvent() throws Exception {
    String name = TestServer.uniqueQueue("counted");
    Queue queue = server.client().queue(name);
    queue.push("a");
    queue.push("b");
    Message first = queue.reserve();
    queue.deleteMessage(first);
    Message second = queue.reserve();
    queue.releaseMessage(second.getId(), second.getReservationId(), 0L);

    String text = scrape();

    String counted = "ironmq_messages_total";
    assertThat(sample(text, counted, queueLabels(name), "event=\"posted\"")).isEqualTo(2);
    assertThat(sample(text, counted, queueLabels(name), "event=\"reserved\"")).isEqualTo(2);
    assertThat(sample(text, counted, queueLabels(name), "event=\"deleted\"")).isEqualTo(1);
    assertThat(sample(text, counted, queueLabels(name), "event=\"released\"")).isEqualTo(1);
    // The posts were committed by the store, each commit carrying one write or more.
    assertThat(sample(text, "ironmq_store_commit_seconds_count", "outcome=\"ok\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(sample(text, "ironmq_store_commit_writes_count")).isGreaterThanOrEqualTo(1);
    assertThat(sample(text, "ironmq_store_commit_writes_sum"))
        .isGreaterThanOrEqualTo(sample(text, "ironmq_store_commit_writes_count"));
  }

  @Test
  void pushAttemptsAreTimedBySubscriberAndOutcome() throws Exception {
    try (TestSubscriber subscriber = new TestSubscriber()) {
      String name = TestServer.uniqueQueue("pushed-metrics");
      assertThat(
              server
                  .http()
                  .put(
                      TestServer.v3("/" + name),
                      "{\"queue\":{\"type\":\"multicast\",\"push\":{\"retries\":0,"
                          + "\"subscribers\":[{\"name\":\"ok\",\"url\":\""
                          + subscriber.url("/ok")
                          + "\"}]}}}")
                  .status())
          .isEqualTo(200);
      server
          .http()
          .post(TestServer.v3("/" + name + "/messages"), "{\"messages\":[{\"body\":\"hi\"}]}");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> subscriber.received.size() == 1);

      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          sample(
                              scrape(),
                              "ironmq_push_delivery_seconds_count",
                              queueLabels(name),
                              "subscriber=\"ok\"",
                              "outcome=\"delivered\""))
                      .isEqualTo(1));

      // Every ironmq_ name the shipped Grafana dashboard queries is one this server serves (the
      // JVM ones, such as GC pauses, appear once there is something to count).
      String dashboard = Files.readString(Path.of("..", "docs", "grafana-dashboard.json"));
      Matcher names = Pattern.compile("ironmq_[a-z_]+").matcher(dashboard);
      String text = scrape();
      int checked = 0;
      while (names.find()) {
        assertThat(text).as("the dashboard's %s", names.group()).contains(names.group());
        checked++;
      }
      assertThat(checked).isGreaterThan(5);
    }
  }

  @Test
  void requestsAreCountedByRouteNotById() throws Exception {
    String name = TestServer.uniqueQueue("routed");
    Queue queue = server.client().queue(name);
    String id = queue.push("m");
    queue.getMessageById(id);
    server.http().get(TestServer.v3("/" + name + "/messages/987654321987"));
    server.http().send("MADEUPMETHOD", "/no/such/path", "");

    String text = scrape();

    String route = "route=\"/3/projects/{project}/queues/{queue}/messages/{message}\"";
    for (String status : new String[] {"200", "404"}) {
      assertThat(
              sample(
                  text,
                  "ironmq_http_requests_seconds_count",
                  route,
                  "method=\"GET\"",
                  "status=\"" + status + "\""))
          .isGreaterThanOrEqualTo(1);
    }
    // A made-up method is "other", so that clients cannot add series without end.
    assertThat(text).doesNotContain("MADEUPMETHOD");
    assertThat(
            sample(
                text,
                "ironmq_http_requests_seconds_count",
                "route=\"unmatched\"",
                "method=\"other\""))
        .isGreaterThanOrEqualTo(1);
    // No path with an id in it becomes a label (digits alone could appear in any value).
    assertThat(text).doesNotContain("/" + id).doesNotContain("/987654321987");
    assertThat(text).containsPattern("ironmq_http_requests_seconds_bucket\\{.*le=\"0\\.1\"\\}");
  }
}
