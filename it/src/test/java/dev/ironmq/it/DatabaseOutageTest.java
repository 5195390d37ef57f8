package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.IronmqCommand.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on PostgreSQL when the database goes away: at start, one line and exit status 1; while
 * running, every request refused with 503 and a JSON msg, nothing acknowledged that was not
 * committed, and service again, by itself, once the database is back.
 */
@Tag("own-database")
class DatabaseOutageTest {
  @Test
  void aDatabaseThatCannotBeReachedAtStartIsOneLineAndExitStatus1(@TempDir Path dir)
      throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Result result =
        IronmqCommand.run(
            "serve",
            "--data-dir",
            dir.resolve("data").toString(),
            "--port",
            "0",
            "--store",
            "postgresql://postgres@127.0.0.1:" + closed + "/ironmq");

    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.lines()).as(result.output()).hasSize(1);
    assertThat(result.lines().get(0))
        .startsWith("ironmq serve: cannot reach or prepare the database at 127.0.0.1:" + closed);
  }

  @Test
  void aNodeWhoseDatabaseGoesAwayAnswers503AndServesAgainWhenItReturns() throws Exception {
    Path dir = Files.createTempDirectory("ironmq-outage");
    try (ThrowawayPostgres postgres = ThrowawayPostgres.create();
        ServerProcess node = new ServerProcess(dir.resolve("data"), postgres.url())) {
      node.start();
      RawHttp http = node.http();
      String queue = TestServer.v3("/outage");
      Map<String, String> acknowledged = new ConcurrentHashMap<>();
      List<RawHttp.Reply> refused = new ArrayList<>();
      AtomicBoolean posting = new AtomicBoolean(true);
      ExecutorService producers = Executors.newFixedThreadPool(2);
      for (int p = 0; p < 2; p++) {
        int producer = p;
        producers.submit(
            () -> {
              for (int i = 0; posting.get(); i++) {
                String body = "p" + producer + "-" + i;
                RawHttp.Reply reply =
                    http.post(queue + "/messages", "{\"messages\":[{\"body\":\"" + body + "\"}]}");
                if (reply.status() == 201) {
                  acknowledged.put(reply.json().at("/ids/0").asText(), body);
                } else {
                  synchronized (refused) {
                    refused.add(reply);
                  }
                }
              }
              return null;
            });
      }
      Thread.sleep(1_000);

      postgres.stopAtOnce();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !refused.isEmpty());
      RawHttp.Reply down = http.get(queue);
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.msg()).contains("database");
      RawHttp.Reply health = http.get("/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().path("status").asText()).isEqualTo("unavailable");

      postgres.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  http.post(queue + "/messages", "{\"messages\":[{\"body\":\"back\"}]}").status()
                      == 201);
      posting.set(false);
      producers.shutdown();
      assertThat(producers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      synchronized (refused) {
        assertThat(refused)
            .allSatisfy(
                reply -> {
                  assertThat(reply.status()).isEqualTo(503);
                  assertThat(reply.msg()).isNotEmpty();
                });
      }
      assertThat(http.get("/health").status()).isEqualTo(200);
      assertThat(acknowledged).hasSizeGreaterThan(10);
      for (Map.Entry<String, String> post : acknowledged.entrySet()) {
        RawHttp.Reply kept = http.get(queue + "/messages/" + post.getKey());
        assertThat(kept.status()).as("acknowledged post %s", post.getKey()).isEqualTo(200);
        assertThat(kept.json().at("/message/body").asText()).isEqualTo(post.getValue());
      }
    } finally {
      TestServer.deleteRecursively(dir);
    }
  }
}
