package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v1;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.it.RawHttp.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quirks every IronMQ client relies on, checked on the wire (API reference §1 and §8.8). */
class WireCompatibilityTest {
  private static TestServer server;
  private static RawHttp http;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    http = server.http();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void postWithAMethodOverrideActsAsThatMethod() {
    String q = uniqueQueue("override");
    http.put(v3("/" + q), "{}");

    Reply patched =
        http.withHeader("X-HTTP-Method-Override", "PATCH")
            .post(v3("/" + q), "{\"queue\":{\"message_timeout\":33}}");
    Reply deleted = http.withHeader("X-HTTP-Method-Override", "DELETE").post(v3("/" + q), null);

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().at("/queue/message_timeout").asInt()).isEqualTo(33);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.msg()).isEqualTo("Deleted");
    assertThat(http.get(v3("/" + q)).status()).isEqualTo(404);
  }

  @Test
  void theTokenMayComeInTheQueryString() {
    String q = uniqueQueue("oauth-query");

    Reply posted =
        http.anonymous()
            .post(
                v3("/" + q + "/messages?oauth=" + TestServer.TOKEN),
                "{\"messages\":[{\"body\":\"x\"}]}");
    Reply bearer =
        http.anonymous().withHeader("Authorization", "Bearer " + TestServer.TOKEN).get(v3("/" + q));

    assertThat(posted.status()).isEqualTo(201);
    assertThat(bearer.status()).isEqualTo(200);
  }

  @Test
  void everyAnswerIsExactlyApplicationJsonWithALength() {
    String q = uniqueQueue("content-type");
    Reply ok = http.put(v3("/" + q), "{}");
    Reply error = http.get(v3("/" + uniqueQueue("missing")));

    for (Reply reply : new Reply[] {ok, error}) {
      assertThat(reply.header("Content-Type")).isEqualTo("application/json");
      assertThat(Integer.parseInt(reply.header("Content-Length"))).isPositive();
      assertThat(reply.header("Content-Encoding")).isNull();
    }
    assertThat(error.msg()).isEqualTo("Queue not found");
  }

  @Test
  void idsAreStringsAndPostsAnswer201() {
    String q = uniqueQueue("ids");

    Reply posted =
        http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"a\"},{\"body\":\"b\"}]}");
    JsonNode reserved = http.post(v3("/" + q + "/reservations"), "{\"n\":1}").json();
    JsonNode info = http.get(v3("/" + q)).json();

    assertThat(posted.status()).isEqualTo(201);
    assertThat(posted.msg()).isEqualTo("Messages put on queue.");
    assertThat(posted.json().get("ids"))
        .hasSize(2)
        .allSatisfy(id -> assertThat(id.isTextual()).isTrue());
    assertThat(reserved.at("/messages/0/id").isTextual()).isTrue();
    assertThat(reserved.at("/messages/0/id").asText())
        .isEqualTo(posted.json().at("/ids/0").asText());
    assertThat(info.at("/queue/project_id").isTextual()).isTrue();
  }

  @Test
  void createAcceptsABareObjectAndUpserts() {
    String q = uniqueQueue("upsert");

    Reply created = http.put(v3("/" + q), "{}");
    Reply updated = http.put(v3("/" + q), "{\"queue\":{\"message_timeout\":90}}");
    Reply again = http.put(v3("/" + q), "{\"queue\":{}}");

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().at("/queue/name").asText()).isEqualTo(q);
    assertThat(created.json().at("/queue/message_timeout").asInt()).isEqualTo(60);
    assertThat(created.json().at("/queue").has("size")).isFalse();
    assertThat(updated.json().at("/queue/message_timeout").asInt()).isEqualTo(90);
    assertThat(again.json().at("/queue/message_timeout").asInt()).isEqualTo(90);
  }

  @Test
  void zerosFromTheGoClientMeanUnsetAndUnknownFieldsAreIgnored() {
    String q = uniqueQueue("go-zeros");
    http.put(v3("/" + q), "{\"queue\":{\"message_timeout\":45}}");

    Reply updated =
        http.patch(
            v3("/" + q),
            "{\"queue\":{\"name\":\""
                + q
                + "\",\"project_id\":\"x\",\"id\":\"y\",\"size\":0,"
                + "\"total_messages\":0,\"message_timeout\":0,\"message_expiration\":0,\"type\":\"pull\"}}");
    Reply posted =
        http.post(
            v3("/" + q + "/messages"),
            "{\"messages\":[{\"body\":\"b\",\"reserved_count\":0,\"delay\":0,\"id\":\"\","
                + "\"reserved_until\":\"0001-01-01T00:00:00Z\",\"timeout\":5,\"expires_in\":10}],"
                + "\"extra\":true}");
    Reply reserved =
        http.post(
            v3("/" + q + "/reservations"), "{\"n\":1,\"timeout\":0,\"wait\":0,\"delete\":false}");

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().at("/queue/message_timeout").asInt()).isEqualTo(45);
    assertThat(updated.json().at("/queue/message_expiration").asInt()).isEqualTo(604800);
    assertThat(posted.status()).isEqualTo(201);
    assertThat(reserved.json().at("/messages/0/body").asText()).isEqualTo("b");
  }

  @Test
  void queueNamesArePercentDecodedAndPlusIsAPlus() {
    String name = uniqueQueue("a b:c+d");
    String goStyle = name.replace(" ", "%20");
    String rubyStyle = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");

    Reply created = http.put(v3("/" + goStyle), "{}");
    Reply viaRuby =
        http.post(v3("/" + rubyStyle + "/messages"), "{\"messages\":[{\"body\":\"x\"}]}");
    Reply info = http.get(v3("/" + goStyle));
    JsonNode listed =
        http.get(v3("?prefix=" + URLEncoder.encode(name, StandardCharsets.UTF_8))).json();

    assertThat(created.json().at("/queue/name").asText()).isEqualTo(name);
    assertThat(viaRuby.status()).isEqualTo(201);
    assertThat(info.json().at("/queue/size").asInt()).isEqualTo(1);
    assertThat(listed.at("/queues/0/name").asText()).isEqualTo(name);
  }

  @Test
  void bodiesAreReadOnDeleteAndIgnoredOnGet() {
    String q = uniqueQueue("delete-body");
    http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"x\"},{\"body\":\"y\"}]}");
    JsonNode reserved =
        http.post(v3("/" + q + "/reservations"), "{\"n\":1}").json().at("/messages/0");

    Reply getWithBody = http.send("GET", v3("/" + q), "{}");
    Reply delete =
        http.delete(
            v3("/" + q + "/messages/" + reserved.get("id").asText()),
            "{\"reservation_id\":\"" + reserved.get("reservation_id").asText() + "\"}");
    Reply clear = http.delete(v3("/" + q + "/messages"), "{}");

    assertThat(getWithBody.status()).isEqualTo(200);
    assertThat(delete.status()).isEqualTo(200);
    assertThat(delete.msg()).isEqualTo("Deleted");
    assertThat(clear.msg()).isEqualTo("Cleared");
    assertThat(http.get(v3("/" + q)).json().at("/queue/size").asInt()).isZero();
  }

  @Test
  void anEmptyReservationIdFromGoMeansNone() {
    String q = uniqueQueue("go-empty-reservation");
    String id =
        http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"x\"}]}")
            .json()
            .at("/ids/0")
            .asText();

    Reply deleted = http.delete(v3("/" + q + "/messages/" + id), "{\"reservation_id\":\"\"}");
    Reply batch =
        http.delete(
            v3("/" + q + "/messages"),
            "{\"ids\":[{\"id\":\"" + id + "\",\"reservation_id\":\"\"}]}");

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(batch.status()).isEqualTo(404);
  }

  @Test
  void emptyBodiesAreValidMessages() {
    String q = uniqueQueue("empty-body");

    Reply posted = http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"\"}]}");

    assertThat(posted.status()).isEqualTo(201);
    assertThat(http.get(v3("/" + q + "/messages?n=1")).json().at("/messages/0/body").asText())
        .isEmpty();
  }

  @Test
  void touchAndReleaseAnswerAsTheClientsExpect() {
    String q = uniqueQueue("touch");
    http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"x\"}]}");
    JsonNode m = http.post(v3("/" + q + "/reservations"), "{}").json().at("/messages/0");

    Reply touched =
        http.post(
            v3("/" + q + "/messages/" + m.get("id").asText() + "/touch"),
            "{\"reservation_id\":\"" + m.get("reservation_id").asText() + "\",\"timeout\":30}");
    Reply released =
        http.post(
            v3("/" + q + "/messages/" + m.get("id").asText() + "/release"),
            "{\"reservation_id\":\"" + touched.json().get("reservation_id").asText() + "\"}");

    assertThat(touched.msg()).isEqualTo("Touched");
    assertThat(touched.json().get("reservation_id").asText())
        .isNotEqualTo(m.get("reservation_id").asText());
    assertThat(released.msg()).isEqualTo("Released");
    assertThat(
            http.get(v3("/" + q + "/messages/" + m.get("id").asText()))
                .json()
                .at("/message/reserved_count")
                .asInt())
        .isEqualTo(2);
  }

  @Test
  void peekAndGetByIdCarryNoReservationId() {
    String q = uniqueQueue("peek");
    String id =
        http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"x\"}]}")
            .json()
            .at("/ids/0")
            .asText();

    JsonNode peeked = http.get(v3("/" + q + "/messages?n=30")).json();
    JsonNode byId = http.get(v3("/" + q + "/messages/" + id)).json();

    assertThat(peeked.at("/messages/0").has("reservation_id")).isFalse();
    assertThat(byId.at("/message/id").asText()).isEqualTo(id);
    assertThat(byId.at("/message").has("reservation_id")).isFalse();
  }

  @Test
  void listingClampsLargePagesAndShowsNamesOnly() {
    String q = uniqueQueue("listing");
    http.put(v3("/" + q), "{}");

    Reply listed = http.get(v3("?per_page=101&page=1"));
    Reply javaStyle = http.get(v3("?"));

    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().get("queues"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.size()).isEqualTo(1));
    assertThat(javaStyle.status()).isEqualTo(200);
  }

  @Test
  void theSettingsEndpointLeavesOutCounters() {
    String q = uniqueQueue("info-only");
    http.put(v3("/" + q), "{}");

    JsonNode info = http.get(v3("/" + q + "/info")).json();

    assertThat(info.at("/queue/name").asText()).isEqualTo(q);
    assertThat(info.at("/queue").has("size")).isFalse();
  }

  @Test
  void healthNeedsNoToken() {
    Reply health = http.anonymous().get("/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() {
    Reply unknown = http.get("/3/projects/" + TestServer.PROJECT + "/nothing");
    Reply wrongMethod = http.put(v3("/" + uniqueQueue("m") + "/reservations"), "{}");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.msg()).isNotEmpty();
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.msg()).contains("POST");
  }

  @Test
  void v1PostsAnswer200() {
    Reply posted =
        http.post(v1("/" + uniqueQueue("v1") + "/messages"), "{\"messages\":[{\"body\":\"x\"}]}");

    assertThat(posted.status()).isEqualTo(200);
    assertThat(posted.json().at("/ids/0").isTextual()).isTrue();
  }
}
