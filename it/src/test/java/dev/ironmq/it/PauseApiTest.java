package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.it.RawHttp.Reply;
import io.iron.ironmq.Client;
import io.iron.ironmq.Queue;
import io.iron.ironmq.QueueModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST .../queues/{queue}/pause and .../resume, over the wire, with the official client around. */
class PauseApiTest {
  private static TestServer server;
  private static TestSubscriber subscriber;
  private static RawHttp http;
  private static Client client;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    subscriber = new TestSubscriber();
    http = server.http();
    client = server.client();
  }

  @AfterAll
  static void stop() {
    subscriber.close();
    server.close();
  }

  @Test
  void theJavaClientPostsToAPausedQueueAndReservesOnceItIsResumed() throws Exception {
    String name = uniqueQueue("paused");
    Queue queue = client.queue(name);
    queue.push("before");

    Reply paused = http.post(v3("/" + name + "/pause"), "");

    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.json().at("/queue/paused/reserve").asBoolean()).isTrue();
    assertThat(paused.json().at("/queue/paused/push").asBoolean()).isFalse();
    queue.push("during");
    assertThat(queue.reserve(10, 60).getSize()).isZero();
    QueueModel info = queue.getInfoAboutQueue();
    assertThat(info.getSizeLong()).as("the client reads a paused queue's info").isEqualTo(2);

    Reply resumed = http.post(v3("/" + name + "/resume"), "{}");

    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.json().at("/queue").has("paused")).isFalse();
    assertThat(queue.reserve(10, 60).getSize()).isEqualTo(2);
  }

  @Test
  void aLongPollParkedDuringThePauseIsAnsweredByTheResume() throws Exception {
    String name = uniqueQueue("paused-poll");
    client.queue(name).push("waiting");
    http.post(v3("/" + name + "/pause"), "{\"reserve\":true}");

    CompletableFuture<Reply> poll =
        CompletableFuture.supplyAsync(
            () -> http.post(v3("/" + name + "/reservations"), "{\"n\":1,\"wait\":20}"));
    await().atMost(Duration.ofSeconds(10)).until(() -> parkedReserves() > 0);
    assertThat(poll).isNotDone();

    http.post(v3("/" + name + "/resume"), "{\"reserve\":true}");

    Reply got = poll.get(15, TimeUnit.SECONDS);
    assertThat(got.json().at("/messages/0/body").asText()).isEqualTo("waiting");
  }

  @Test
  void pushDeliveriesWaitForTheResume() {
    String name = uniqueQueue("paused-push");
    Reply created =
        http.put(
            v3("/" + name),
            "{\"queue\":{\"type\":\"unicast\",\"push\":{\"subscribers\":[{\"name\":\"s\",\"url\":\""
                + subscriber.url("/ok")
                + "\"}]}}}");
    assertThat(created.status()).isEqualTo(200);
    Reply paused = http.post(v3("/" + name + "/pause"), "{\"push\":true}");
    assertThat(paused.json().at("/queue/paused/push").asBoolean()).isTrue();
    assertThat(paused.json().at("/queue/paused/reserve").asBoolean()).isFalse();

    http.post(v3("/" + name + "/messages"), "{\"messages\":[{\"body\":\"held\"}]}");
    JsonNode message =
        http.get(v3("/" + name + "/browse")).json().at("/messages/0/push_statuses/0");
    assertThat(message.get("status").asText()).isEqualTo("queued");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> bodiesReceived().isEmpty());

    http.post(v3("/" + name + "/resume"), "");

    await().atMost(Duration.ofSeconds(20)).until(() -> bodiesReceived().contains("held"));
  }

  @Test
  void refusesBadInputWithAMessage() {
    String name = uniqueQueue("paused-bad");
    client.queue(name);
    http.post(v3("/" + name + "/messages"), "{\"messages\":[{\"body\":\"m\"}]}");

    for (String body :
        List.of(
            "{\"reserve\":\"yes\"}",
            "{\"reserve\":false}",
            "{\"push\":true}",
            "[1]",
            "{\"reserve\":")) {
      Reply reply = http.post(v3("/" + name + "/pause"), body);
      assertThat(reply.status()).as(body).isEqualTo(400);
      assertThat(reply.msg()).as(body).isNotEmpty();
    }
    assertThat(http.get(v3("/" + name)).json().at("/queue").has("paused"))
        .as("nothing was paused")
        .isFalse();
    Reply missing = http.post(v3("/" + uniqueQueue("nowhere") + "/pause"), "");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.msg()).isEqualTo("Queue not found");
    assertThat(http.anonymous().post(v3("/" + name + "/pause"), "").status()).isEqualTo(401);
  }

  /** The bodies the subscriber received (only the push test of this class pushes to it). */
  private static List<String> bodiesReceived() {
    return subscriber.received.stream().map(TestSubscriber.Received::body).toList();
  }

  /** How many reserves are parked on the server, as its metrics say. */
  private static double parkedReserves() {
    String metrics =
        http.withHeader("Authorization", "OAuth " + TestServer.ADMIN_TOKEN).get("/metrics").body();
    return metrics
        .lines()
        .filter(line -> line.startsWith("ironmq_long_polls_parked"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
