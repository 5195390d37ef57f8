package dev.ironmq.client;

import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server on a free port and a fresh data directory, and a client of it, for one test class:
 * {@code @RegisterExtension static final ServerFixture server = new ServerFixture();}
 */
final class ServerFixture implements BeforeAllCallback, AfterAllCallback {
  static final String PROJECT = "5a1b2c3d4e5f60718293a4b5";
  static final String TOKEN = "client-test-token";

  private Path dataDir;
  private IronMqServer server;
  private IronMq client;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("ironmq-client-test");
    server =
        IronMqServer.start(
            ServerConfig.defaults(dataDir, 0).withCredentials(PROJECT, TOKEN, "admin-" + TOKEN));
    client = IronMq.connect(config());
  }

  /** A loopback port nobody listens on: it was free a moment ago. */
  static int unusedPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  IronMqConfig config() {
    return IronMqConfig.of("http://127.0.0.1:" + server.port(), PROJECT, TOKEN);
  }

  /** The client the test class shares. */
  IronMq client() {
    return client;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.close();
    server.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
