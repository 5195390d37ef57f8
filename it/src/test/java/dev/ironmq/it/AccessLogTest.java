package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --access-log on}: a line of JSON per request, as an operator's log pipeline reads it. */
class AccessLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<JsonNode> accessLines(String log) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.startsWith("{\"time\"")) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void eachRequestIsOneJsonLineWithItsRouteQueueAndStatusButNeverItsToken() throws Exception {
    try (ServerProcess server =
        new ServerProcess(dir.resolve("data")).start("--access-log", "on")) {
      RawHttp http = server.http();
      assertThat(
              http.post(TestServer.v3("/logged/messages"), "{\"messages\":[{\"body\":\"hello\"}]}")
                  .status())
          .isEqualTo(201);
      assertThat(http.anonymous().get(TestServer.v3("/logged?oauth=" + TestServer.TOKEN)).status())
          .isEqualTo(200);
      assertThat(http.get(TestServer.v3("/missing")).status()).isEqualTo(404);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> accessLines(server.log()).size() >= 3);

      String log = server.log();
      List<JsonNode> lines = accessLines(log);
      // (The bootstrap line of the server's start names the token it was given; no access line
      // may.)
      assertThat(lines)
          .allSatisfy(line -> assertThat(line.toString()).doesNotContain(TestServer.TOKEN));

      JsonNode post =
          lines.stream()
              .filter(l -> l.path("method").asText().equals("POST"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no line for the post in:\n" + log));
      assertThat(post.path("route").asText())
          .isEqualTo("/3/projects/{project}/queues/{queue}/messages");
      assertThat(post.path("project").asText()).isEqualTo(TestServer.PROJECT);
      assertThat(post.path("queue").asText()).isEqualTo("logged");
      assertThat(post.path("status").asInt()).isEqualTo(201);
      assertThat(post.path("bytes_in").asLong()).isPositive();
      assertThat(post.path("bytes_out").asLong()).isPositive();
      assertThat(post.path("ms").asDouble()).isGreaterThanOrEqualTo(0);
      assertThat(post.path("client").asText()).isEqualTo("127.0.0.1");
      assertThat(post.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

      assertThat(lines)
          .anySatisfy(l -> assertThat(l.path("status").asInt()).isEqualTo(404))
          .anySatisfy(
              l -> {
                assertThat(l.path("method").asText()).isEqualTo("GET");
                assertThat(l.path("route").asText())
                    .isEqualTo("/3/projects/{project}/queues/{queue}");
                assertThat(l.path("status").asInt()).isEqualTo(200);
              });
    }
  }

  @Test
  void theLogIsOffByDefault() throws Exception {
    try (ServerProcess server = new ServerProcess(dir.resolve("data")).start()) {
      assertThat(server.http().get(TestServer.v3("")).status()).isEqualTo(200);
      Awaitility.await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> accessLines(server.log()).isEmpty());
    }
  }
}
