package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.it.RawHttp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API v1 as the 2013 clients and the seed's workers speak it. */
class V1ApiTest {
  private static TestServer server;
  private static RawHttp http;
  private static RawHttp oldGoClient;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    http = server.http();
    oldGoClient = http.anonymous();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String oauth() {
    return "?oauth=" + TestServer.TOKEN;
  }

  @Test
  void theSeedWorkerLoopPostsGetsAndDeletesById() {
    String q = uniqueQueue("all_requests");
    Reply posted =
        oldGoClient.post(
            v1("/" + q + "/messages" + oauth()),
            "{\"messages\":[{\"body\":\"{\\\"HTTP_USER_AGENT\\\":\\\"curl\\\"}\"}]}");

    JsonNode got = oldGoClient.get(v1("/" + q + "/messages" + oauth())).json();
    String id = got.at("/messages/0/id").asText();
    Reply deleted = oldGoClient.delete(v1("/" + q + "/messages/" + id + oauth()), null);
    JsonNode empty = oldGoClient.get(v1("/" + q + "/messages" + oauth())).json();

    assertThat(posted.status()).isEqualTo(200);
    assertThat(got.at("/messages/0/body").asText()).isEqualTo("{\"HTTP_USER_AGENT\":\"curl\"}");
    assertThat(got.at("/messages/0/timeout").asInt()).isEqualTo(60);
    assertThat(got.at("/messages/0").has("reservation_id")).isFalse();
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.msg()).isEqualTo("Deleted");
    assertThat(empty.get("messages")).isEmpty();
    assertThat(http.get(v1("/" + q)).json().get("size").asInt()).isZero();
  }

  @Test
  void aQueueThatDoesNotExistReadsAsEmpty() {
    String q = uniqueQueue("virtual");

    Reply messages = http.get(v1("/" + q + "/messages?n=5&wait=0"));
    Reply peek = http.get(v1("/" + q + "/messages/peek"));
    Reply info = http.get(v1("/" + q));
    Reply clear = http.post(v1("/" + q + "/clear"), null);

    assertThat(messages.status()).isEqualTo(200);
    assertThat(messages.json().get("messages")).isEmpty();
    assertThat(peek.json().get("messages")).isEmpty();
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().get("size").asInt()).isZero();
    assertThat(clear.msg()).isEqualTo("Cleared");
  }

  @Test
  void getMessagesTakesItsOptionsFromTheQuery() {
    String q = uniqueQueue("v1-query");
    http.post(
        v1("/" + q + "/messages"),
        "{\"messages\":[{\"body\":\"a\",\"timeout\":30},{\"body\":\"b\"},{\"body\":\"c\"}]}");

    JsonNode two = http.get(v1("/" + q + "/messages?n=2&timeout=120")).json();
    JsonNode popped = http.get(v1("/" + q + "/messages?n=1&delete=true")).json();

    assertThat(two.get("messages")).hasSize(2);
    assertThat(two.at("/messages/0/timeout").asInt()).isEqualTo(120);
    assertThat(popped.at("/messages/0/body").asText()).isEqualTo("c");
    assertThat(http.get(v1("/" + q)).json().get("size").asInt()).isEqualTo(2);
  }

  @Test
  void aMessageMayCarryItsOwnTimeout() {
    String q = uniqueQueue("v1-timeout");
    http.post(v1("/" + q + "/messages"), "{\"messages\":[{\"body\":\"a\",\"timeout\":30}]}");

    JsonNode got = http.get(v1("/" + q + "/messages")).json();

    assertThat(got.at("/messages/0/timeout").asInt()).isEqualTo(30);
  }

  @Test
  void peekGetByIdTouchReleaseAndBatchDeleteNeedNoReservation() {
    String q = uniqueQueue("v1-ops");
    JsonNode ids =
        http.post(
                v1("/" + q + "/messages"),
                "{\"messages\":[{\"body\":\"a\"},{\"body\":\"b\"},{\"body\":\"c\"}]}")
            .json()
            .get("ids");
    String a = ids.get(0).asText();
    http.get(v1("/" + q + "/messages"));

    JsonNode byId = http.get(v1("/" + q + "/messages/" + a)).json();
    Reply touched = http.post(v1("/" + q + "/messages/" + a + "/touch"), "{}");
    Reply released = http.post(v1("/" + q + "/messages/" + a + "/release"), "{\"delay\":0}");
    JsonNode peeked = http.get(v1("/" + q + "/messages/peek?n=3")).json();
    Reply deleted =
        http.delete(
            v1("/" + q + "/messages"),
            "{\"ids\":[\"" + ids.get(1).asText() + "\",\"" + ids.get(2).asText() + "\"]}");

    assertThat(byId.get("body").asText()).isEqualTo("a");
    assertThat(byId.get("status").asText()).isEqualTo("reserved");
    assertThat(touched.msg()).isEqualTo("Touched");
    assertThat(released.msg()).isEqualTo("Released");
    assertThat(peeked.get("messages"))
        .extracting(m -> m.get("body").asText())
        .containsExactly("a", "b", "c");
    assertThat(deleted.msg()).isEqualTo("Deleted");
    assertThat(http.get(v1("/" + q)).json().get("size").asInt()).isEqualTo(1);
  }

  @Test
  void listingIsABareArrayPagedByPage() {
    String prefix = uniqueQueue("v1-list") + "-";
    for (int i = 0; i < 3; i++) {
      http.post(v1("/" + prefix + i), "{}");
    }

    JsonNode all = http.get(v1("?per_page=100")).json();

    assertThat(all.isArray()).isTrue();
    assertThat(all)
        .filteredOn(q -> q.get("name").asText().startsWith(prefix))
        .hasSize(3)
        .allSatisfy(q -> assertThat(q.get("project_id").asText()).isEqualTo(TestServer.PROJECT));
    JsonNode second = http.get(v1("?per_page=1&page=1")).json();
    assertThat(second).hasSize(1);
    assertThat(second.get(0).get("name").asText()).isEqualTo(all.get(1).get("name").asText());
  }

  @Test
  void updatingAQueueCreatesIt() {
    String q = uniqueQueue("v1-update");

    Reply updated = http.post(v1("/" + q), "{\"message_timeout\":30}");

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().get("name").asText()).isEqualTo(q);
    assertThat(updated.json().get("size").asInt()).isZero();
    assertThat(http.delete(v1("/" + q), null).msg()).isEqualTo("Deleted.");
  }
}
