package dev.ironmq.it;

import static dev.ironmq.it.TestServer.PROJECT;
import static dev.ironmq.it.TestServer.TOKEN;
import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ironmq.it.RawSocket.Answer;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests at the edge of HTTP itself, written byte by byte: every one gets an answer at once, with
 * a status and a JSON {@code msg}, and none changes anything.
 */
class HttpEdgesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
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

  @ParameterizedTest(name = "override \"{0}\"")
  @ValueSource(strings = {"DE LETE", "DELETE\tX", "", "\u00e9", "(", "GET /x", "TRACE", "CONNECT"})
  void aMethodOverrideThatNamesNoMethodOfTheApiIs400AtOnce(String override) {
    String q = uniqueQueue("override");
    http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"kept\"}]}");
    for (String authorization : new String[] {"", "Authorization: OAuth " + TOKEN + "\r\n"}) {
      Answer answer =
          RawSocket.exchange(
              server.port(),
              "POST "
                  + v3("/" + q)
                  + " HTTP/1.1\r\nHost: x\r\n"
                  + authorization
                  + "X-HTTP-Method-Override: "
                  + override
                  + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

      assertThat(answer.status()).as(answer.text()).isEqualTo(400);
      assertThat(msg(answer)).contains("X-HTTP-Method-Override");
      assertThat(answer.millis()).isLessThan(4000);
    }
    assertThat(http.get(v3("/" + q)).json().at("/queue/size").asInt()).isEqualTo(1);
  }

  @Test
  void aRequestTheCodecCannotParseGetsAJsonAnswerAndTheConnectionIsClosed() {
    Answer garbage = RawSocket.exchange(server.port(), "GARBAGE\r\n\r\n");
    Answer version = RawSocket.exchange(server.port(), "GET /health HTTP/2.0\r\nHost: x\r\n\r\n");
    Answer longLine =
        RawSocket.exchange(
            server.port(), "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    Answer bigHeaders =
        RawSocket.exchange(
            server.port(),
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");

    assertThat(garbage.status()).isEqualTo(400);
    assertThat(version.status()).isEqualTo(400);
    assertThat(msg(version)).contains("HTTP/2.0");
    assertThat(longLine.status()).isEqualTo(414);
    assertThat(bigHeaders.status()).isEqualTo(431);
    for (Answer answer : new Answer[] {garbage, version, longLine, bigHeaders}) {
      assertThat(msg(answer)).as(answer.text()).isNotBlank();
      assertThat(answer.text()).containsIgnoringCase("Content-Type: application/json");
      assertThat(answer.closed()).isTrue();
    }
  }

  @Test
  void aBadChunkSizeIs400WithAJsonAnswerAndPostsNothing() {
    String q = uniqueQueue("chunk");
    http.put(v3("/" + q), "{}");

    Answer answer =
        RawSocket.exchange(
            server.port(),
            "POST "
                + v3("/" + q + "/messages")
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth "
                + TOKEN
                + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{\"messages\":[]}\r\n0\r\n\r\n");

    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(msg(answer)).contains("chunked");
    assertThat(answer.closed()).isTrue();
    assertThat(http.get(v3("/" + q)).json().at("/queue/total_messages").asInt()).isZero();
  }

  @Test
  void aTransferCodingOtherThanChunkedIsRefusedNotReadAsPlain() {
    String q = uniqueQueue("coding");
    String body = "{\"messages\":[{\"body\":\"x\"}]}";

    Answer answer =
        RawSocket.exchange(
            server.port(),
            "POST "
                + v3("/" + q + "/messages")
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth "
                + TOKEN
                + "\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + Integer.toHexString(body.length())
                + "\r\n"
                + body
                + "\r\n0\r\n\r\n");

    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(msg(answer)).contains("gzip");
    assertThat(http.get(v3("/" + q)).status()).isEqualTo(404);
  }

  @Test
  void rawUtf8BytesInThePathNameTheQueueTheyEncode() {
    Answer answer =
        RawSocket.exchange(
            server.port(),
            "PUT /3/projects/"
                + PROJECT
                + "/queues/\u00c3\u00bcn\u00c3\u00af HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth "
                + TOKEN
                + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.body()).contains("\"name\":\"\u00fcn\u00ef\"");
    assertThat(http.get(v3("/%C3%BCn%C3%AF")).status()).isEqualTo(200);
  }

  @Test
  void rawPathBytesThatAreNotUtf8Are400() {
    Answer answer =
        RawSocket.exchange(
            server.port(),
            "PUT /3/projects/"
                + PROJECT
                + "/queues/\u00ffx HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth "
                + TOKEN
                + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(msg(answer)).contains("UTF-8");
  }

  @Test
  void aNegativePerPageIs400() {
    RawHttp.Reply reply = http.get(v3("?per_page=-1"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.msg()).contains("per_page");
  }

  @Test
  void addingOrReplacingNoSubscribersIs400AndChangesNothing() {
    String q = uniqueQueue("subs");
    http.put(
        v3("/" + q),
        "{\"queue\":{\"type\":\"multicast\",\"push\":{\"subscribers\":"
            + "[{\"name\":\"a\",\"url\":\"http://127.0.0.1:9/a\"}]}}}");

    RawHttp.Reply add = http.post(v3("/" + q + "/subscribers"), "{}");
    RawHttp.Reply replace = http.put(v3("/" + q + "/subscribers"), "{\"subscribers\":[]}");
    RawHttp.Reply addV1 = http.post(TestServer.v1("/" + q + "/subscribers"), "{}");

    for (RawHttp.Reply reply : new RawHttp.Reply[] {add, replace, addV1}) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(400);
      assertThat(reply.msg()).contains("subscribers");
    }
    assertThat(http.get(v3("/" + q)).json().at("/queue/push/subscribers").size()).isEqualTo(1);
  }

  private static String msg(Answer answer) {
    try {
      return JSON.readTree(answer.body()).path("msg").asText();
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + answer.text(), e);
    }
  }
}
