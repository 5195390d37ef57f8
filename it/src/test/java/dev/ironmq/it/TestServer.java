package dev.ironmq.it;

import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import io.iron.ironmq.Client;
import io.iron.ironmq.Cloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A real server in this JVM on a free port, with a fresh data directory and known credentials. */
final class TestServer implements AutoCloseable {
  static final String PROJECT = "5a0c1b2d3e4f5a6b7c8d9e0f";
  static final String TOKEN = "it-token-0123456789";
  static final String ADMIN_TOKEN = "it-admin-token-0123456789";
  private static final AtomicInteger QUEUE_NUMBER = new AtomicInteger();

  final Path dataDir;
  private final ServerConfig config;
  private final InstantSource clock;
  IronMqServer server;

  private TestServer(Path dataDir, ServerConfig config, InstantSource clock) {
    this.dataDir = dataDir;
    this.config = config;
    this.clock = clock;
    this.server = IronMqServer.start(config, clock);
  }

  static TestServer start() {
    return start(config -> config);
  }

  /** A server with these metrics settings. */
  static TestServer withMetrics(dev.ironmq.server.MetricsOptions metrics) {
    return start(config -> config.toBuilder().metrics(metrics).build());
  }

  static TestServer start(UnaryOperator<ServerConfig> adjust) {
    try {
      return startIn(Files.createTempDirectory("ironmq-it"), adjust);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A server on this data directory, which it creates when it does not exist; on a new database of
   * its own when the run is on PostgreSQL ({@link TestStore}).
   */
  static TestServer startIn(Path dataDir, UnaryOperator<ServerConfig> adjust) {
    return startIn(dataDir, adjust, InstantSource.system());
  }

  /** A server as {@link #startIn(Path, UnaryOperator)} starts one, on this clock. */
  static TestServer startIn(Path dataDir, UnaryOperator<ServerConfig> adjust, InstantSource clock) {
    ServerConfig defaults =
        ServerConfig.defaults(dataDir, 0).withCredentials(PROJECT, TOKEN, ADMIN_TOKEN);
    if (TestStore.postgres()) {
      defaults = defaults.toBuilder().postgres(TestStore.newDatabase()).build();
    }
    return new TestServer(dataDir, adjust.apply(defaults), clock);
  }

  /**
   * Stops the server cleanly and starts it again on the same data directory and port, so that what
   * it serves next comes from disk.
   */
  void restart() {
    int port = server.port();
    server.close();
    server = IronMqServer.start(config.withPort(port), clock);
  }

  int port() {
    return server.port();
  }

  /** The port of {@code --metrics-port}; fails when it is not served. */
  int metricsPort() {
    return server.metricsPort().orElseThrow();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The official IronMQ Java client, pointed at this server. */
  Client client() {
    return new Client(PROJECT, TOKEN, new Cloud("http", "127.0.0.1", port()), 3);
  }

  RawHttp http() {
    return new RawHttp(baseUrl());
  }

  /** A queue name no other test uses. */
  static String uniqueQueue(String prefix) {
    return prefix + "-" + QUEUE_NUMBER.incrementAndGet();
  }

  /** The v3 path of a queue of the test project. */
  static String v3(String rest) {
    return "/3/projects/" + PROJECT + "/queues" + rest;
  }

  static String v1(String rest) {
    return "/1/projects/" + PROJECT + "/queues" + rest;
  }

  @Override
  public void close() {
    server.close();
    deleteRecursively(dataDir);
    config.postgresUrl().ifPresent(TestStore::dropDatabase);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
