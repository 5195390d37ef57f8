package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.it.RawHttp.Reply;
import io.iron.ironmq.Message;
import io.iron.ironmq.Queue;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET .../queues/{queue}/stats, end to end: what the official client did in a minute shows in the
 * queue's history once the minute ends, by minute and by hour, and is still there after a restart.
 * The server runs on a clock set a few seconds before a minute ends, so that the test waits seconds
 * for its minute, not up to a minute.
 */
class StatsApiTest {
  private static final long MINUTE = 60_000;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    long now = System.currentTimeMillis();
    long minuteEnd = (now / MINUTE + 1) * MINUTE;
    InstantSource clock =
        InstantSource.offset(Clock.systemUTC(), Duration.ofMillis(minuteEnd - 8_000 - now));
    server = TestServer.startIn(Files.createTempDirectory("ironmq-it"), config -> config, clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void whatAMinuteDidShowsInTheHistoryAndSurvivesARestart() throws Exception {
    String name = uniqueQueue("history");
    Queue queue = server.client().queue(name);
    queue.push("a");
    queue.push("b");
    queue.push("c");
    Message taken = queue.reserve();
    queue.deleteMessage(taken);
    String minutes = v3("/" + name + "/stats?step=1m");

    await()
        .atMost(Duration.ofSeconds(80))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> total(server.http().get(minutes), "posted") == 3);

    assertHistory(server.http().get(minutes));
    Reply hours = server.http().get(v3("/" + name + "/stats?step=1h"));
    assertHistory(hours);
    assertThat(hours.json().get("stats")).hasSize(1);

    server.restart();

    assertHistory(server.http().get(minutes));
  }

  private static void assertHistory(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(total(reply, "posted")).isEqualTo(3);
    assertThat(total(reply, "reserved")).isEqualTo(1);
    assertThat(total(reply, "deleted")).isEqualTo(1);
    JsonNode stats = reply.json().get("stats");
    assertThat(stats.get(stats.size() - 1).get("size").asLong()).isEqualTo(2);
    assertThat(stats.get(0).get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z");
  }

  private static long total(Reply reply, String field) {
    long sum = 0;
    for (JsonNode point : reply.json().path("stats")) {
      sum += point.get(field).asLong();
    }
    return sum;
  }

  @Test
  void refusesBadInputWithAMessage() {
    String name = uniqueQueue("history-bad");
    server.http().post(v3("/" + name + "/messages"), "{\"messages\":[{\"body\":\"m\"}]}");

    for (String query :
        List.of(
            "step=1d",
            "from=yesterday",
            "from=2026-12-01T10:00:00Z&to=2026-12-01T09:00:00Z",
            "to=-5",
            "from=99999999999999999999")) {
      Reply reply = server.http().get(v3("/" + name + "/stats?" + query));
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.msg()).as(query).isNotEmpty();
    }
    Reply empty = server.http().get(v3("/" + name + "/stats?from=1700000000&to=1700003600"));
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.json().get("stats")).isEmpty();
    assertThat(empty.json().get("from").asText()).isEqualTo("2023-11-14T22:13:20Z");
    Reply missing = server.http().get(v3("/" + uniqueQueue("nowhere") + "/stats"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(server.http().anonymous().get(v3("/" + name + "/stats")).status()).isEqualTo(401);
  }
}
