package dev.ironmq.client;

import static dev.ironmq.client.ScriptedServer.CLOSE;
import static dev.ironmq.client.ScriptedServer.THEN_CLOSE;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's HTTP/1.1 against a scripted server: the answer forms servers and proxies send, and
 * connections they drop; over TCP here, over a Unix domain socket in {@link
 * Http1ClientOverUnixSocketTest}.
 */
class Http1ClientTest {
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** The Unix domain socket the scripted server listens on, or none for a TCP port. */
  Optional<Path> socket() {
    return Optional.empty();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  /** A scripted server that the test closes when it ends. */
  private ScriptedServer scripted(String... script) throws IOException {
    ScriptedServer server = new ScriptedServer(socket(), script);
    opened.add(server);
    return server;
  }

  private Http1Client client(ScriptedServer server) throws IOException {
    Http1Client client = new Http1Client(server.uri(), socket(), Duration.ofSeconds(5));
    opened.add(client);
    return client;
  }

  private static Http1Connection.Answer get(Http1Client client, String target) throws IOException {
    return client.send("GET", target, List.of(), null, Duration.ofSeconds(5));
  }

  @Test
  void readsLengthChunkedAndToTheEndAnswers() throws Exception {
    ScriptedServer server =
        scripted(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nTrailer: x\r\n\r\n",
            "HTTP/1.0 200 OK\r\n\r\nuntil the end" + THEN_CLOSE);
    Http1Client client = client(server);

    assertThat(new String(get(client, "/a").body(), ISO_8859_1)).isEqualTo("hello");
    Http1Connection.Answer chunked = get(client, "/b");
    assertThat(chunked.status()).isEqualTo(201);
    assertThat(new String(chunked.body(), ISO_8859_1)).isEqualTo("abcdefg");
    Http1Connection.Answer toTheEnd =
        client.sendAsync("GET", "/c", List.of(), null, Duration.ofSeconds(5)).get();
    assertThat(new String(toTheEnd.body(), ISO_8859_1)).isEqualTo("until the end");
    assertThat(server.connections).hasValue(1);
  }

  @Test
  void sendsTheBodyWithItsLengthAndTheHostHeader() throws Exception {
    ScriptedServer server = scripted("HTTP/1.1 204 No Content\r\n\r\n");
    Http1Client client = client(server);

    Http1Connection.Answer answer =
        client.send(
            "POST",
            "/3/projects/p/queues/q/messages",
            List.of(Map.entry("Content-Type", "application/json")),
            "{\"messages\":[]}".getBytes(ISO_8859_1),
            Duration.ofSeconds(5));

    assertThat(answer.status()).isEqualTo(204);
    assertThat(server.requests.take())
        .isEqualTo("POST /3/projects/p/queues/q/messages HTTP/1.1 {\"messages\":[]}");
  }

  @Test
  void aPooledConnectionTheServerDroppedIsReplacedUnnoticed() throws Exception {
    ScriptedServer server =
        scripted(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none",
            CLOSE,
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo");
    Http1Client client = client(server);

    assertThat(new String(get(client, "/1").body(), ISO_8859_1)).isEqualTo("one");
    assertThat(new String(get(client, "/2").body(), ISO_8859_1)).isEqualTo("two");
    assertThat(server.connections).hasValue(2);
  }

  private static Http1Connection.Answer post(Http1Client client, String target) throws IOException {
    return client.send(
        "POST", target, List.of(), "{\"messages\":[]}".getBytes(ISO_8859_1), Duration.ofSeconds(5));
  }

  @Test
  void aPostTheConnectionDroppedAfterSendingIsNotSentAgain() throws Exception {
    ScriptedServer server =
        scripted(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none",
            CLOSE,
            "HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\ntwo");
    Http1Client client = client(server);
    get(client, "/1");

    var e =
        catchThrowableOfType(
            Http1Connection.ClosedBeforeAnswerException.class, () -> post(client, "/posts"));

    assertThat(e).hasMessageContaining("unknown");
    assertThat(server.requests.take()).startsWith("GET /1");
    assertThat(server.requests.take()).startsWith("POST /posts");
    assertThat(server.requests).as("the post was sent once").isEmpty();
    assertThat(server.connections).hasValue(1);
  }

  @Test
  void aPostGoesOnANewConnectionWhenTheServerClosedTheIdleOne() throws Exception {
    ScriptedServer server =
        scripted(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none" + THEN_CLOSE,
            "HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\ntwo");
    Http1Client client =
        new Http1Client(server.uri(), socket(), Duration.ofSeconds(5), Duration.ZERO);
    opened.add(client);
    get(client, "/1");
    server.awaitClosed(1);

    Http1Connection.Answer answer = post(client, "/posts");

    assertThat(new String(answer.body(), ISO_8859_1)).isEqualTo("two");
    assertThat(server.connections).hasValue(2);
  }

  @Test
  void aHeaderValueWithALineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
    ScriptedServer server = scripted("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    Http1Client client = client(server);

    var e =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () ->
                client.send(
                    "GET",
                    "/",
                    List.of(Map.entry("X-Label", "a\r\nAuthorization: OAuth stolen")),
                    null,
                    Duration.ofSeconds(5)));

    assertThat(e).hasMessageContaining("CR or LF");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void aNewConnectionClosedBeforeAnAnswerIsAnError() throws Exception {
    ScriptedServer server = scripted(CLOSE);
    Http1Client client = client(server);

    var e =
        catchThrowableOfType(
            Http1Connection.ClosedBeforeAnswerException.class, () -> get(client, "/"));

    assertThat(e).hasMessageContaining("closed");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    ScriptedServer server = scripted();
    Http1Client client = client(server);

    var e =
        catchThrowableOfType(
            SocketTimeoutException.class,
            () -> client.send("GET", "/", List.of(), null, Duration.ofMillis(200)));

    assertThat(e).isNotNull();
  }

  @Test
  void aConnectionTheServerMeansToCloseIsNotPooled() throws Exception {
    ScriptedServer server =
        scripted(
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
    Http1Client client = client(server);

    get(client, "/1");
    get(client, "/2");

    assertThat(server.connections).hasValue(2);
  }
}
