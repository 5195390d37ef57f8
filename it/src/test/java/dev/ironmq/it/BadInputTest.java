package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.RawHttp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input gets a clear 4xx with {@code {"msg": ...}}, changes nothing, and leaves the server and
 * its connections serving.
 */
class BadInputTest {
  private static TestServer server;
  private static RawHttp http;

  @BeforeAll
  static void startServer() {
    server =
        TestServer.start(
            config -> config.withLimits(1024 * 1024, Duration.ofSeconds(3), Duration.ofSeconds(1)));
    http = server.http();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @ParameterizedTest(name = "{0} {1} with {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          POST  | /messages     | {"messages":[{"body":"x"}]
          POST  | /messages     | not json
          POST  | /messages     | [1,2]
          POST  | /messages     | {"messages":[{"body":"x"}]} trailing
          POST  | /messages     | {"messages":{"body":"x"}}
          POST  | /messages     | {"messages":[{"body":5}]}
          POST  | /messages     | {"messages":[{"no_body":"x"}]}
          POST  | /messages     | {"messages":[]}
          POST  | /messages     | {}
          POST  | /messages     | {"messages":[{"body":"x","delay":-1}]}
          POST  | /messages     | {"messages":[{"body":"x","delay":604801}]}
          POST  | /messages     | {"messages":[{"body":"x","delay":"5"}]}
          POST  | /messages     | {"messages":[{"body":"x","delay":1.5}]}
          POST  | /messages     | {"messages":[{"body":"x","push_headers":{"User-Agent":"me"}}]}
          POST  | /messages     | {"messages":[{"body":"x"}],"messages":[]}
          POST  | /reservations | {"n":"5"}
          POST  | /reservations | {"n":101}
          POST  | /reservations | {"n":-1}
          POST  | /reservations | {"timeout":86401}
          POST  | /reservations | {"wait":31}
          POST  | /reservations | {"delete":"yes"}
          PUT   |               | {"queue":{"message_timeout":-5}}
          PUT   |               | {"queue":{"message_expiration":2592001}}
          PUT   |               | {"queue":{"type":"fanout"}}
          PUT   |               | {"queue":{"dead_letter":{"max_reservations":3}}}
          PUT   |               | {"queue":{"dead_letter":{"queue_name":"d","max_reservations":1001}}}
          PUT   |               | {"queue":"pull"}
          """)
  void malformedOrOutOfRangeRequestsAre400AndChangeNothing(
      String method, String path, String body) {
    String q = uniqueQueue("bad");
    http.put(v3("/" + q), "{\"queue\":{\"message_timeout\":42}}");
    http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"kept\"}]}");

    Reply reply = http.send(method, v3("/" + q + path), body);

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.msg()).isNotBlank();
    Reply info = http.get(v3("/" + q));
    assertThat(info.json().at("/queue/size").asInt()).isEqualTo(1);
    assertThat(info.json().at("/queue/total_messages").asInt()).isEqualTo(1);
    assertThat(info.json().at("/queue/message_timeout").asInt()).isEqualTo(42);
    assertThat(http.get(v3("/" + q + "/messages")).json().at("/messages/0/reserved_count").asInt())
        .isZero();
  }

  @Test
  void anOversizedMessageIs400() {
    String q = uniqueQueue("big");
    String body = "x".repeat(64 * 1024 + 1);

    Reply reply =
        http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"" + body + "\"}]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.msg()).contains("65536");
    assertThat(http.get(v3("/" + q)).status()).isEqualTo(404);
  }

  @Test
  void anOversizedRequestIs413AndTheServerKeepsServing() {
    String q = uniqueQueue("huge");
    String huge = "{\"messages\":[{\"body\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}]}";

    Reply reply = http.post(v3("/" + q + "/messages"), huge);

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.msg()).contains("larger than");
    assertThat(http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"ok\"}]}").status())
        .isEqualTo(201);
  }

  @ParameterizedTest
  @CsvSource({
    "/queues/%01ctrl, 400",
    "/queues/a%2Fb, 400",
    "/queues/%C3%28, 400",
  })
  void invalidQueueNamesAre400(String path, int status) {
    Reply reply = http.get("/3/projects/" + TestServer.PROJECT + path);

    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.msg()).isNotBlank();
  }

  @Test
  void aMalformedPercentEncodingIs400() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + v3("/bad%zz")
                      + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                      + "Authorization: OAuth "
                      + TestServer.TOKEN
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));

      String answer = readAll(socket.getInputStream());

      assertThat(answer).startsWith("HTTP/1.1 400").contains("percent-encoding");
    }
  }

  @Test
  void aQueueNameOfMoreThan255BytesIs400() {
    assertThat(http.put(v3("/" + "n".repeat(256)), "{}").status()).isEqualTo(400);
    assertThat(http.put(v3("/" + "n".repeat(255)), "{}").status()).isEqualTo(200);
  }

  @Test
  void unknownQueuesAndMessagesAre404() {
    String missing = uniqueQueue("missing");
    String q = uniqueQueue("present");
    http.put(v3("/" + q), "{}");

    for (Reply reply :
        new Reply[] {
          http.get(v3("/" + missing)),
          http.post(v3("/" + missing + "/reservations"), "{}"),
          http.get(v3("/" + missing + "/messages")),
          http.delete(v3("/" + missing), null),
          http.delete(v3("/" + missing + "/messages"), "{}"),
          http.patch(v3("/" + missing), "{}"),
        }) {
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.msg()).isEqualTo("Queue not found");
    }
    for (String id : new String[] {"123", "not-a-number", "99999999999999999999"}) {
      Reply reply = http.get(v3("/" + q + "/messages/" + id));
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.msg()).isEqualTo("Message not found");
    }
  }

  @Test
  void aStaleReservationIs403() {
    String q = uniqueQueue("stale");
    http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"x\"}]}");
    var m = http.post(v3("/" + q + "/reservations"), "{\"timeout\":1}").json().at("/messages/0");
    String id = m.get("id").asText();
    String stale = m.get("reservation_id").asText();
    http.post(v3("/" + q + "/reservations"), "{\"wait\":2}");

    Reply delete =
        http.delete(v3("/" + q + "/messages/" + id), "{\"reservation_id\":\"" + stale + "\"}");
    Reply touch =
        http.post(
            v3("/" + q + "/messages/" + id + "/touch"), "{\"reservation_id\":\"" + stale + "\"}");
    Reply release =
        http.post(
            v3("/" + q + "/messages/" + id + "/release"), "{\"reservation_id\":\"" + stale + "\"}");

    assertThat(delete.status()).isEqualTo(403);
    assertThat(touch.status()).isEqualTo(403);
    assertThat(release.status()).isEqualTo(403);
    assertThat(http.get(v3("/" + q)).json().at("/queue/size").asInt()).isEqualTo(1);
  }

  @Test
  void touchAndReleaseWithoutAReservationIdAre400() {
    String q = uniqueQueue("no-reservation");
    String id =
        http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"x\"}]}")
            .json()
            .at("/ids/0")
            .asText();

    assertThat(http.post(v3("/" + q + "/messages/" + id + "/touch"), "{}").status()).isEqualTo(400);
    assertThat(http.post(v3("/" + q + "/messages/" + id + "/release"), "{}").status())
        .isEqualTo(400);
  }

  @Test
  void missingAndWrongTokensAre401() {
    String q = uniqueQueue("auth");
    http.put(v3("/" + q), "{}");

    for (RawHttp client :
        new RawHttp[] {
          http.anonymous(),
          http.withHeader("Authorization", "OAuth wrong"),
          http.withHeader("Authorization", "Basic " + TestServer.TOKEN),
        }) {
      Reply reply = client.get(v3("/" + q));
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.msg()).isNotBlank();
    }
    assertThat(http.anonymous().get(v3("/" + q + "?oauth=wrong")).status()).isEqualTo(401);
  }

  @Test
  void aSlowBodyIs408() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + v3("/" + uniqueQueue("slow") + "/messages")
                  + " HTTP/1.1\r\n"
                  + "Host: localhost\r\nAuthorization: OAuth "
                  + TestServer.TOKEN
                  + "\r\n"
                  + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"mess")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String answer = readAll(socket.getInputStream());

      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat(answer).contains("\"msg\"");
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();

      int read = socket.getInputStream().read();

      assertThat(read).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }

  @Test
  void theServerStillServesAfterAllOfThat() {
    String q = uniqueQueue("after");
    Map<String, Integer> statuses =
        Map.of(
            "post",
                http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"x\"}]}").status(),
            "health", http.get("/health").status());

    assertThat(statuses).containsEntry("post", 201).containsEntry("health", 200);
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
