package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.it.RawHttp.Reply;
import io.iron.ironmq.Client;
import io.iron.ironmq.Message;
import io.iron.ironmq.Messages;
import io.iron.ironmq.Queue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET .../queues/{queue}/browse, over the wire: what an operator sees, and what it refuses. */
class BrowseApiTest {
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
  void showsWhatTheJavaClientLeftInEachState() throws Exception {
    String name = uniqueQueue("browse");
    Queue queue = client.queue(name);
    String reservedId = queue.push("taken");
    String availableId = queue.push("waiting");
    String delayedId = queue.push("later", 120);
    Message taken = queue.reserve(1, 60).getMessage(0);
    assertThat(taken.getId()).isEqualTo(reservedId);

    Reply reply = http.get(v3("/" + name + "/browse"));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode messages = reply.json().get("messages");
    assertThat(messages).hasSize(3);
    assertThat(ids(messages)).containsExactly(reservedId, availableId, delayedId);
    JsonNode reserved = messages.get(0);
    assertThat(reserved.get("state").asText()).isEqualTo("reserved");
    assertThat(reserved.get("body").asText()).isEqualTo("taken");
    assertThat(reserved.get("reserved_count").asInt()).isEqualTo(1);
    Instant until = Instant.parse(reserved.get("reserved_until").asText());
    assertThat(until).isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61));
    assertThat(reserved.has("reservation_id")).as("browsing hands out no reservation").isFalse();
    JsonNode available = messages.get(1);
    assertThat(available.get("state").asText()).isEqualTo("available");
    assertThat(available.has("reserved_until")).isFalse();
    assertThat(available.has("available_at")).isFalse();
    JsonNode delayed = messages.get(2);
    assertThat(delayed.get("state").asText()).isEqualTo("delayed");
    assertThat(Instant.parse(delayed.get("available_at").asText()))
        .isAfter(Instant.now().plusSeconds(100));
    assertThat(Instant.parse(delayed.get("expires_at").asText()))
        .isAfter(Instant.parse(delayed.get("posted_at").asText()));
    assertThat(reply.json().has("next_cursor")).isFalse();

    queue.deleteMessage(taken);
    Messages next = queue.reserve(2, 60);
    assertThat(next.getSize()).as("browsing took nothing").isEqualTo(1);
    assertThat(next.getMessage(0).getBody()).isEqualTo("waiting");
  }

  @Test
  void pagesByCursorWithAStateFilterAndABodyPrefix() throws Exception {
    String name = uniqueQueue("browse-pages");
    Queue queue = client.queue(name);
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      orders.add(queue.push("order " + i));
      queue.push("invoice " + i);
    }
    queue.push("order late", 300);

    List<String> seen = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    do {
      Reply page =
          http.get(v3("/" + name + "/browse?state=available&prefix=order%20&n=2&cursor=" + cursor));
      assertThat(page.status()).isEqualTo(200);
      seen.addAll(ids(page.json().get("messages")));
      cursor = page.json().path("next_cursor").asText("");
      pages++;
    } while (!cursor.isEmpty());

    assertThat(seen).isEqualTo(orders);
    assertThat(pages).isEqualTo(3);
    Reply delayedOnly = http.get(v3("/" + name + "/browse?state=delayed,reserved"));
    assertThat(ids(delayedOnly.json().get("messages"))).hasSize(1);
  }

  @Test
  void showsEachSubscribersDeliveryOfAPushMessage() {
    String name = uniqueQueue("browse-push");
    Reply created =
        http.put(
            v3("/" + name),
            "{\"queue\":{\"type\":\"multicast\",\"push\":{\"retries\":3,\"retries_delay\":60,"
                + "\"subscribers\":[{\"name\":\"ok\",\"url\":\""
                + subscriber.url("/ok")
                + "\"},{\"name\":\"down\",\"url\":\""
                + subscriber.url("/unavailable")
                + "\"}]}}}");
    assertThat(created.status()).isEqualTo(200);
    http.post(v3("/" + name + "/messages"), "{\"messages\":[{\"body\":\"pushed\"}]}");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode message =
                  http.get(v3("/" + name + "/browse?state=delivering")).json().at("/messages/0");
              assertThat(message.get("state").asText()).isEqualTo("delivering");
              JsonNode statuses = message.get("push_statuses");
              assertThat(statuses).hasSize(2);
              for (JsonNode status : statuses) {
                String expected =
                    status.get("subscriber_name").asText().equals("ok") ? "deleted" : "retrying";
                assertThat(status.get("status").asText()).isEqualTo(expected);
              }
            });
  }

  @Test
  void refusesBadInputWithAMessage() {
    String name = uniqueQueue("browse-bad");
    http.post(v3("/" + name + "/messages"), "{\"messages\":[{\"body\":\"m\"}]}");

    for (String query :
        List.of(
            "state=bogus", "state=available,", "n=0", "n=101", "n=x", "cursor=abc", "cursor=-1")) {
      Reply reply = http.get(v3("/" + name + "/browse?" + query));
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.msg()).as(query).isNotEmpty();
    }
    Reply missing = http.get(v3("/" + uniqueQueue("nowhere") + "/browse"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.msg()).isEqualTo("Queue not found");
    assertThat(http.anonymous().get(v3("/" + name + "/browse")).status()).isEqualTo(401);
    assertThat(
            http.withHeader("Authorization", "OAuth not-a-token")
                .get(v3("/" + name + "/browse"))
                .status())
        .isEqualTo(401);
  }

  private static List<String> ids(JsonNode messages) {
    List<String> ids = new ArrayList<>();
    messages.forEach(m -> ids.add(m.get("id").asText()));
    return ids;
  }
}
