package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ironmq.it.TestSubscriber.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deliveries pending when the server is killed are made after it restarts. */
class PushRestartTest {
  private Path dataDir;
  private ServerProcess server;
  private TestSubscriber subscriber;

  @BeforeEach
  void start() throws Exception {
    dataDir = Files.createTempDirectory("ironmq-push-restart");
    subscriber = new TestSubscriber();
  }

  @AfterEach
  void stop() {
    server.close();
    subscriber.close();
    TestServer.deleteRecursively(dataDir);
  }

  @Test
  void deliveriesPendingAtASigkillAreMadeAfterTheRestart() throws Exception {
    server = new ServerProcess(dataDir.resolve("data")).start();
    RawHttp http = server.http();
    http.put(
        TestServer.v3("/jobs"),
        "{\"queue\":{\"push\":{\"subscribers\":[{\"name\":\"worker\",\"url\":\""
            + subscriber.url("/flaky")
            + "\"}],\"retries\":100,\"retries_delay\":3}}}");
    Set<String> posted = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      String body = "job-" + i;
      assertThat(
              http.post(
                      TestServer.v3("/jobs/messages"),
                      "{\"messages\":[{\"body\":\"" + body + "\"}]}")
                  .status())
          .isEqualTo(201);
      posted.add(body);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> subscriber.at("/flaky").size() >= 20);

    server.kill();
    subscriber.heal();
    int beforeRestart = subscriber.received.size();
    server.start();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deliveredAfter(beforeRestart).containsAll(posted));
    await()
        .until(
            () -> server.http().get(TestServer.v3("/jobs")).json().at("/queue/size").asInt() == 0);
  }

  private Set<String> deliveredAfter(int index) {
    Set<String> bodies = new HashSet<>();
    List<Received> all = subscriber.received;
    for (Received request : all.subList(index, all.size())) {
      bodies.add(request.body());
    }
    return bodies;
  }
}
