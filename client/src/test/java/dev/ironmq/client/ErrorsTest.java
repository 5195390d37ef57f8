package dev.ironmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refusals surface as typed exceptions carrying the status and the server's message. */
class ErrorsTest {
  @RegisterExtension static final ServerFixture server = new ServerFixture();

  private final IronMq mq = server.client();

  @Test
  void anUnknownQueueIsNotFound() {
    var e =
        catchThrowableOfType(
            IronMqException.NotFoundException.class, () -> mq.queue("nowhere").info());

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.serverMessage()).isEqualTo("Queue not found");
  }

  @Test
  void aWrongTokenIsUnauthorized() {
    IronMq stranger = IronMq.connect(server.config().withProject(ServerFixture.PROJECT, "wrong"));

    var e =
        catchThrowableOfType(
            IronMqException.UnauthorizedException.class, () -> stranger.queue("q").post("x"));

    assertThat(e.status()).isEqualTo(401);
  }

  @Test
  void anOutOfRangeRequestIsABadRequestNamingTheField() {
    var e =
        catchThrowableOfType(
            IronMqException.BadRequestException.class, () -> mq.queue("q").reserve(101, 30, 0));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.serverMessage()).contains("n");
  }

  @Test
  void aStaleReservationIsAReservationError() {
    Queue queue = mq.queue("stale");
    queue.post("x");
    Message reserved = queue.reserve().orElseThrow();
    queue.release(reserved, 0);

    var e =
        catchThrowableOfType(
            IronMqException.ReservationException.class, () -> queue.delete(reserved));

    assertThat(e.status()).isEqualTo(403);
  }

  @Test
  void theAsynchronousFormFailsWithTheSameException() {
    var e =
        catchThrowableOfType(
            CompletionException.class, () -> mq.queue("nowhere-async").infoAsync().join());

    assertThat(e.getCause()).isInstanceOf(IronMqException.NotFoundException.class);
  }

  @Test
  void aServerThatDoesNotAnswerIsAConnectionError() throws Exception {
    int closedPort = ServerFixture.unusedPort();
    IronMq nobody = IronMq.connect(IronMqConfig.of("http://127.0.0.1:" + closedPort, "p", "t"));

    var e =
        catchThrowableOfType(
            IronMqException.ConnectionException.class, () -> nobody.queue("q").post("x"));

    assertThat(e.status()).isZero();
    assertThat(e).hasMessageContaining("127.0.0.1:" + closedPort);
  }

  @Test
  void anAnswerWithoutAnIdForEachMessageIsAnError() throws Exception {
    String body = "{\"ids\":[\"1\"],\"msg\":\"Messages put on queue.\"}";
    try (ScriptedServer odd =
        new ScriptedServer(
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body)) {
      Queue queue = IronMq.connect(IronMqConfig.of(odd.uri().toString(), "p", "t")).queue("q");

      var e =
          catchThrowableOfType(
              IronMqException.class,
              () -> queue.post(List.of(NewMessage.of("a"), NewMessage.of("b"))));

      assertThat(e).hasMessageContaining("1 ids for 2 messages");
    }
  }
}
