package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ironmq.it.RawHttp.Reply;
import io.iron.ironmq.Alert;
import io.iron.ironmq.Message;
import io.iron.ironmq.Messages;
import io.iron.ironmq.Queue;
import io.iron.ironmq.QueueModel;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Age and failure-rate alerts, end to end: set with the official client or raw HTTP, judged by the
 * server's own check, posted to their queue. The server runs on a clock set a few seconds before a
 * minute ends, so that the failure rate of the test's first minute is judged within seconds.
 */
class AlertReadingsApiTest {
  private static final long MINUTE = 60_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;
  private static TestSubscriber subscriber;

  @BeforeAll
  static void start() throws Exception {
    long now = System.currentTimeMillis();
    long minuteEnd = (now / MINUTE + 1) * MINUTE;
    InstantSource clock =
        InstantSource.offset(Clock.systemUTC(), Duration.ofMillis(minuteEnd - 10_000 - now));
    server = TestServer.startIn(Files.createTempDirectory("ironmq-it"), config -> config, clock);
    subscriber = new TestSubscriber();
  }

  @AfterAll
  static void stop() {
    subscriber.close();
    server.close();
  }

  @Test
  void anAgeAlertSetWithTheJavaClientFiresOnceTheOldestMessageHasWaited() throws Exception {
    Queue queue = server.client().queue(uniqueQueue("aging"));
    String target = queue.getName() + "-alerts";
    queue.create();
    QueueModel updated =
        queue.updateAlerts(new ArrayList<>(List.of(new Alert("age", "asc", 2, target))));
    assertThat(updated.getAlerts().get(0).getType()).isEqualTo("age");
    queue.push("waiting");

    JsonNode notice = awaitNotice(target);

    assertThat(notice.get("alert_type").asText()).isEqualTo("age");
    assertThat(notice.get("source_queue").asText()).isEqualTo(queue.getName());
    assertThat(notice.get("oldest_message_age").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(notice.get("queue_size").asLong()).isEqualTo(1);
    assertThat(queue.getInfoAboutQueue().getAlerts().get(0).getType()).isEqualTo("age");
  }

  @Test
  void aFailureRateAlertNamesTheSubscriberThatFails() {
    String name = uniqueQueue("failing");
    String target = name + "-alerts";
    Reply created =
        server
            .http()
            .put(
                v3("/" + name),
                "{\"queue\":{\"type\":\"multicast\",\"push\":{\"subscribers\":["
                    + "{\"name\":\"up\",\"url\":\""
                    + subscriber.url("/ok")
                    + "\"},{\"name\":\"down\",\"url\":\""
                    + subscriber.url("/unavailable")
                    + "\"}],\"retries\":0}}}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    Reply alerts =
        server
            .http()
            .post(
                v3("/" + name + "/alerts"),
                "{\"alerts\":[{\"type\":\"failure_rate\",\"trigger\":50,\"queue\":\""
                    + target
                    + "\"}]}");
    assertThat(alerts.status()).as(alerts.body()).isEqualTo(200);
    for (int i = 0; i < 8; i++) {
      server.http().post(v3("/" + name + "/messages"), "{\"messages\":[{\"body\":\"m\"}]}");
    }

    JsonNode notice = awaitNotice(target);

    assertThat(notice.get("alert_type").asText()).isEqualTo("failure_rate");
    assertThat(notice.get("subscriber_name").asText()).isEqualTo("down");
    assertThat(notice.get("failure_rate").asLong()).isEqualTo(100);
    assertThat(notice.get("attempts").asLong()).isEqualTo(notice.get("failures").asLong());
  }

  @Test
  void wrongAlertsForTheQueueAreRefusedWithAMessage() {
    String name = uniqueQueue("refusing");
    server.http().put(v3("/" + name), "{}");

    Reply rate =
        server
            .http()
            .post(
                v3("/" + name + "/alerts"),
                "{\"alerts\":[{\"type\":\"failure_rate\",\"trigger\":50,\"queue\":\"a\"}]}");
    Reply descending =
        server
            .http()
            .post(
                v3("/" + name + "/alerts"),
                "{\"alerts\":[{\"type\":\"age\",\"trigger\":5,\"direction\":\"desc\","
                    + "\"queue\":\"a\"}]}");

    assertThat(rate.status()).isEqualTo(400);
    assertThat(rate.msg()).contains("push queue");
    assertThat(descending.status()).isEqualTo(400);
    assertThat(descending.msg()).contains("descent");
    assertThat(server.http().get(v3("/" + name)).json().at("/queue").has("alerts")).isFalse();
  }

  /** The first alert message posted to {@code target}, waiting for the server's check. */
  private static JsonNode awaitNotice(String target) {
    Queue alerts = server.client().queue(target);
    List<Message> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (server.http().get(v3("/" + target)).status() != 200) {
                return false;
              }
              Messages reserved = alerts.reserve(1, 60, 0);
              got.addAll(List.of(reserved.getMessages()));
              return !got.isEmpty();
            });
    try {
      return JSON.readTree(got.get(0).getBody());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
