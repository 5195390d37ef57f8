package dev.ironmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started with a Unix domain socket ({@code ironmq serve --socket}) names it in its
 * iron.json, and the client reaches it there; the socket file is the server's only while it runs.
 */
class UnixSocketTest {
  private static final String PROJECT = ServerFixture.PROJECT;
  private static final String TOKEN = ServerFixture.TOKEN;

  @TempDir Path dir;

  private ServerConfig withoutSocket() {
    return ServerConfig.defaults(dir.resolve("data"), 0)
        .withCredentials(PROJECT, TOKEN, "admin-" + TOKEN);
  }

  private ServerConfig config(Path socket) {
    return withoutSocket().withSocket(socket);
  }

  @Test
  void theClientReachesTheServerThroughTheSocketItsIronJsonNames() throws Exception {
    Path socket = dir.resolve("ironmq.sock");
    try (IronMqServer server = IronMqServer.start(config(socket))) {
      IronMqConfig written = IronMqConfig.fromFile(dir.resolve("data").resolve("iron.json"));
      assertThat(written.socket()).contains(socket.toAbsolutePath());
      assertThat(written.port()).isEqualTo(server.port());

      // Requests still name a host and port, but this one has nobody listening: only the socket
      // can carry them.
      IronMqConfig socketOnly =
          new IronMqConfig(
              "http", "127.0.0.1", ServerFixture.unusedPort(), PROJECT, TOKEN, written.socket());
      try (IronMq client = IronMq.connect(socketOnly)) {
        Queue queue = client.queue("over-a-socket");
        String id = queue.post("hello");
        List<Message> reserved = queue.reserve(1, 30, 0);
        assertThat(reserved).extracting(Message::id).containsExactly(id);
        assertThat(reserved.get(0).body()).isEqualTo("hello");
        queue.delete(reserved.get(0));

        // A long poll on the empty queue waits on the server, past nothing on the client side.
        long started = System.nanoTime();
        assertThat(queue.reserve(1, 30, 1)).isEmpty();
        assertThat(System.nanoTime() - started).isGreaterThan(900_000_000L);
        assertThat(queue.info().size()).isZero();
      }
    }
    assertThat(socket).doesNotExist();

    // Started again without a socket, the server no longer names one.
    try (IronMqServer restarted = IronMqServer.start(withoutSocket())) {
      IronMqConfig rewritten = IronMqConfig.fromFile(dir.resolve("data").resolve("iron.json"));
      assertThat(rewritten.socket()).isEmpty();
      assertThat(rewritten.port()).isEqualTo(restarted.port());
    }
  }

  @Test
  void aSocketFileLeftByAKilledServerIsTakenOver() throws Exception {
    Path socket = dir.resolve("stale.sock");
    // Closing a bound channel leaves its file behind, as a killed server does.
    try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      stale.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();

    try (IronMqServer server = IronMqServer.start(config(socket));
        IronMq client =
            IronMq.connect(
                new IronMqConfig(
                    "http", "127.0.0.1", server.port(), PROJECT, TOKEN, Optional.of(socket)))) {
      assertThat(client.queue("after-a-crash").post("still served")).isNotBlank();
    }
  }

  @Test
  void aSocketAnotherProcessListensOnIsLeftToIt() throws Exception {
    Path socket = dir.resolve("taken.sock");
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(socket));

      assertThatThrownBy(() -> IronMqServer.start(config(socket)))
          .hasMessageContaining("another process listens on " + socket);
      assertThat(socket).exists();
    }
  }

  @Test
  void aPathThatIsNotASocketIsNeverReplaced() throws Exception {
    Path notASocket = dir.resolve("notes.txt");
    Files.writeString(notASocket, "keep me");

    assertThatThrownBy(() -> IronMqServer.start(config(notASocket)))
        .hasMessageContaining("is not a socket");
    assertThat(notASocket).hasContent("keep me");
  }
}
