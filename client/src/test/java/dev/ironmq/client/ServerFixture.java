package dev.ironmq.client;

import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real server on a free port and a fresh data directory, for one test class. */
final class ServerFixture implements AutoCloseable {
  static final String PROJECT = "5a1b2c3d4e5f60718293a4b5";
  static final String TOKEN = "client-test-token";

  private final Path dataDir;
  private final IronMqServer server;

  ServerFixture() {
    try {
      dataDir = Files.createTempDirectory("ironmq-client-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server =
        IronMqServer.start(
            ServerConfig.defaults(dataDir, 0).withCredentials(PROJECT, TOKEN, "admin-" + TOKEN));
  }

  IronMqConfig config() {
    return IronMqConfig.of("http://127.0.0.1:" + server.port(), PROJECT, TOKEN);
  }

  IronMq client() {
    return IronMq.connect(config());
  }

  @Override
  public void close() {
    server.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
