package dev.ironmq.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ironmq.client.IronMq;
import dev.ironmq.client.IronMqConfig;
import dev.ironmq.client.Worker;
import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole story on a real queue server and a real Redis: requests to the web app are counted by
 * the workers exactly, and the page shows the counts.
 */
class RequestAnalyticsTest {
  private static final String PROJECT = "a1b2c3d4e5f6a7b8c9d0e1f2";
  private static final String TOKEN = "demo-token";

  private static RedisServer redis;
  private static IronMqServer server;
  private static IronMq mq;
  private static Counters counters;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Worker> workers = new ArrayList<>();

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    redis = new RedisServer();
    server =
        IronMqServer.start(
            ServerConfig.defaults(dataDir, 0).withCredentials(PROJECT, TOKEN, "admin-" + TOKEN));
    mq = IronMq.connect(IronMqConfig.of("http://127.0.0.1:" + server.port(), PROJECT, TOKEN));
    counters = new Counters(redis.url());
  }

  @AfterAll
  static void stop() {
    counters.close();
    server.close();
    redis.close();
  }

  @BeforeEach
  void resetCounts() {
    counters.reset();
  }

  @AfterEach
  void stopWorkers() {
    workers.forEach(worker -> worker.stop(Duration.ofSeconds(5)));
  }

  @Test
  void secondArchitectureWithWebhookSubscribersCountsEveryRequestAndUserAgent() throws Exception {
    Topology.apply(mq, Topology.Architecture.TWO, Topology.Subscribers.WEBHOOK);
    startWorkers(Topology.Architecture.TWO);

    try (WebApp app = webApp(RequestLogMiddleware.Mode.BATCHED)) {
      sendRequests(app.port(), Map.of("curl/8.0", 120, "Mozilla/5.0 <test>", 80, "siege", 100));
    }

    awaitCount(300);
    assertThat(counters.requests()).isEqualTo(300);
    assertThat(counters.userAgents())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("curl/8.0", 120L, "Mozilla/5.0 <test>", 80L, "siege", 100L));
    assertThat(page())
        .contains("Requests: <strong id=\"requests\">300</strong>")
        .contains("<td>Mozilla/5.0 &lt;test&gt;</td><td>80</td>")
        .contains("<td>curl/8.0</td><td>120</td>");
  }

  @Test
  void secondArchitectureWithQueueSubscribersCountsTheSame() throws Exception {
    Topology.apply(mq, Topology.Architecture.TWO, Topology.Subscribers.IRONMQ);
    startWorkers(Topology.Architecture.TWO);

    try (WebApp app = webApp(RequestLogMiddleware.Mode.SYNC)) {
      sendRequests(app.port(), Map.of("a", 50, "b", 25));
    }

    awaitCount(75);
    assertThat(counters.userAgents())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 50L, "b", 25L));
  }

  @Test
  void firstArchitectureCountsRequestsFromThePullQueue() throws Exception {
    Topology.apply(mq, Topology.Architecture.ONE, Topology.Subscribers.WEBHOOK);
    startWorkers(Topology.Architecture.ONE);

    try (WebApp app = webApp(RequestLogMiddleware.Mode.SYNC)) {
      sendRequests(app.port(), Map.of("curl", 100));
    }

    awaitCount(100);
    assertThat(counters.requests()).isEqualTo(100);
    assertThat(counters.userAgents()).isEmpty();
  }

  @Test
  void withTheMiddlewareOffNothingIsPostedOrCounted() throws Exception {
    Topology.apply(mq, Topology.Architecture.ONE, Topology.Subscribers.WEBHOOK);

    try (WebApp app = webApp(RequestLogMiddleware.Mode.OFF)) {
      sendRequests(app.port(), Map.of("curl", 20));
    }

    assertThat(mq.queue(Topology.REQUESTS).info().size()).isZero();
  }

  @Test
  void theMiddlewaresCountersTellWhatItPostedAndReadingThemPostsNothing() throws Exception {
    Topology.apply(mq, Topology.Architecture.ONE, Topology.Subscribers.WEBHOOK);

    try (WebApp app = webApp(RequestLogMiddleware.Mode.BATCHED)) {
      sendRequests(app.port(), Map.of("curl", 40));
      JsonObject stats = new JsonObject();
      for (int i = 0; i < 400 && stats.getLong("posted", 0L) < 40; i++) {
        Thread.sleep(25);
        stats = new JsonObject(get(app.port(), WebApp.MIDDLEWARE_PATH).body());
      }

      assertThat(stats.getMap())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("mode", "batched", "handled", 40, "posted", 40, "failed", 0));
      assertThat(mq.queue(Topology.REQUESTS).info().size()).isEqualTo(40);
    }
  }

  @Test
  void aWebAppInAProcessOfItsOwnReportsWhatItPostedAndStopsWhenAsked(@TempDir Path dir)
      throws Exception {
    Topology.apply(mq, Topology.Architecture.ONE, Topology.Subscribers.WEBHOOK);
    Path ironJson = dir.resolve("iron.json");
    Files.writeString(
        ironJson,
        new JsonObject()
            .put("scheme", "http")
            .put("host", "127.0.0.1")
            .put("port", server.port())
            .put("project_id", PROJECT)
            .put("token", TOKEN)
            .encode());
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<String> connections =
        List.of("--iron-config", ironJson.toString(), "--redis", redis.url().toString());

    WebProcess web = WebProcess.start(RequestLogMiddleware.Mode.SYNC, port, connections);
    try {
      sendRequests(port, Map.of("curl", 30));

      assertThat(web.settled(Duration.ofSeconds(10)))
          .isEqualTo(new RequestLogMiddleware.Stats(RequestLogMiddleware.Mode.SYNC, 30, 30, 0));
      assertThat(web.cpuTime()).isPositive();
      assertThat(mq.queue(Topology.REQUESTS).info().size()).isEqualTo(30);
    } finally {
      web.close();
    }
    assertThatThrownBy(web::stats).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aWebAppIsNotStartedOnAPortSomethingElseListensOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  WebProcess.start(
                      RequestLogMiddleware.Mode.OFF, taken.getLocalPort(), List.of("--help")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + taken.getLocalPort() + " is in use");
    }
  }

  @Test
  void aMessageDeliveredTwiceIsCountedOnce() {
    counters.countRequest("1882958606605746176");
    counters.countRequest("1882958606605746176");
    counters.countUserAgent("1882958606605746176", "curl");
    counters.countUserAgent("1882958606605746176", "curl");

    assertThat(counters.requests()).isEqualTo(1);
    assertThat(counters.userAgents()).containsExactlyEntriesOf(Map.of("curl", 1L));
  }

  private void startWorkers(Topology.Architecture architecture) {
    workers.add(Workers.start(Workers.Kind.REQUESTS, mq, architecture, counters, 4));
    if (architecture == Topology.Architecture.TWO) {
      workers.add(Workers.start(Workers.Kind.UA, mq, architecture, counters, 4));
    }
  }

  /** GETs /hello with each user agent that many times, all at once; every answer is 200. */
  private void sendRequests(int port, Map<String, Integer> perUserAgent) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (Map.Entry<String, Integer> agent : perUserAgent.entrySet()) {
      for (int i = 0; i < agent.getValue(); i++) {
        sent.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                    .header("User-Agent", agent.getKey())
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
    }
    for (CompletableFuture<HttpResponse<String>> response : sent) {
      assertThat(response.get().statusCode()).isEqualTo(200);
      assertThat(response.get().body()).isEqualTo(WebApp.HELLO);
    }
  }

  /** The web app on a free port, posting to this test's server in this mode. */
  private static WebApp webApp(RequestLogMiddleware.Mode mode) {
    return WebApp.start(0, mode, mq.queue(Topology.REQUESTS), counters);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String page() throws Exception {
    try (WebApp app = webApp(RequestLogMiddleware.Mode.OFF)) {
      return get(app.port(), "/").body();
    }
  }

  private static void awaitCount(long expected) throws InterruptedException {
    for (int i = 0; i < 400 && counters.requests() < expected; i++) {
      Thread.sleep(25);
    }
    Thread.sleep(200); // long enough for a duplicate count to show, if there were one
    assertThat(counters.requests()).isEqualTo(expected);
  }
}
