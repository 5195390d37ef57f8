package dev.ironmq.it;

import static dev.ironmq.it.TestServer.TOKEN;
import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.RawSocket.Answer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A message body is Unicode text, kept byte for byte: what is acknowledged is what a consumer
 * reads, before and after a restart; text that is not well-formed is refused, not altered.
 */
class MessageBytesTest {
  private TestServer server;

  @BeforeEach
  void startServer() {
    server = TestServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void bodiesReadBackByteForByteAfterARestart() {
    String q = uniqueQueue("bytes");
    List<String> bodies =
        List.of(
            "plain", "caf\u00e9", "\u4e2d\u6587", "x\ud83d\ude00y", "\u0000nul", "\ud800\udc00");
    for (String body : bodies) {
      assertThat(post(q, jsonPost(body)).status()).isEqualTo(201);
    }
    Answer webhook =
        send(
            "POST",
            v3("/" + q + "/webhook?oauth=" + TOKEN),
            "text/plain",
            "h\u00e9llo \ud83d\ude80".getBytes(StandardCharsets.UTF_8));
    assertThat(webhook.status()).isEqualTo(201);

    server.restart();

    List<String> expected = new ArrayList<>(bodies);
    expected.add("h\u00e9llo \ud83d\ude80");
    var peeked = server.http().get(v3("/" + q + "/messages?n=100")).json().path("messages");
    assertThat(peeked).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(peeked.get(i).path("body").textValue()).isEqualTo(expected.get(i));
    }
  }

  @ParameterizedTest(name = "bytes {0}")
  @ValueSource(strings = {"eda080", "f4908080", "c0af", "ff", "c3", "e282"})
  void aJsonBodyThatIsNotUtf8Is400AndPostsNothing(String hex) {
    String q = uniqueQueue("not-utf8");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"messages\":[{\"body\":\"x".getBytes(StandardCharsets.US_ASCII));
    body.writeBytes(HexFormat.of().parseHex(hex));
    body.writeBytes("y\"}]}".getBytes(StandardCharsets.US_ASCII));

    Answer answer = send("POST", v3("/" + q + "/messages"), "application/json", body.toByteArray());

    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.body()).contains("UTF-8");
    assertThat(server.http().get(v3("/" + q)).status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "escape {0}")
  @ValueSource(strings = {"x\\ud800y", "\\udc00", "x\\ud83d", "\\ude00\\ud83d"})
  void aLoneSurrogateInAJsonEscapeIs400AndPostsNothing(String escaped) {
    String q = uniqueQueue("surrogate");

    RawHttp.Reply reply =
        server
            .http()
            .post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"" + escaped + "\"}]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.msg()).contains("surrogate");
    assertThat(server.http().get(v3("/" + q)).status()).isEqualTo(404);
  }

  @Test
  void aWebhookBodyThatIsNotUtf8Is400AndPostsNothing() {
    String q = uniqueQueue("webhook-bytes");

    Answer answer =
        send(
            "POST",
            v3("/" + q + "/webhook?oauth=" + TOKEN),
            "application/octet-stream",
            HexFormat.of().parseHex("00ff10"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(server.http().get(v3("/" + q)).status()).isEqualTo(404);
  }

  private RawHttp.Reply post(String q, String json) {
    return server.http().post(v3("/" + q + "/messages"), json);
  }

  private static String jsonPost(String body) {
    StringBuilder escaped = new StringBuilder();
    for (char c : body.toCharArray()) {
      if (c < 0x20 || c == '"' || c == '\\') {
        escaped.append(String.format("\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return "{\"messages\":[{\"body\":\"" + escaped + "\"}]}";
  }

  private Answer send(String method, String path, String contentType, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(
        (method
                + " "
                + path
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth "
                + TOKEN
                + "\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(body);
    return RawSocket.exchange(server.port(), request.toByteArray(), 5000);
  }
}
