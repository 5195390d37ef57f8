package dev.ironmq.testing;

import dev.ironmq.backend.Tokens;
import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real server in this JVM, for tests: on a free loopback port, with a temporary data directory
 * that {@link #close} deletes, and a project and token made for it. The values an IronMQ client
 * needs ({@code iron.json}'s) are {@link #host}, {@link #port}, {@link #projectId} and {@link
 * #token}.
 *
 * <pre>{@code
 * try (IronMqTestServer ironmq = IronMqTestServer.start()) {
 *   Client client = new Client(ironmq.projectId(), ironmq.token(),
 *       new Cloud("http", ironmq.host(), ironmq.port()), 3);
 *   client.queue("jobs").push("hello");
 * }
 * }</pre>
 */
public final class IronMqTestServer implements AutoCloseable {
  private final Path dataDir;
  private final ServerConfig config;
  private final IronMqServer server;

  private IronMqTestServer(Path dataDir, ServerConfig config) {
    this.dataDir = dataDir;
    this.config = config;
    try {
      this.server = IronMqServer.start(config);
    } catch (RuntimeException e) {
      deleteRecursively(dataDir);
      throw e;
    }
  }

  /** A server with a new project and token. */
  public static IronMqTestServer start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return config.clientHost();
  }

  public int port() {
    return server.port();
  }

  /** {@code http://host:port}, the address of the API. */
  public String baseUrl() {
    return "http://" + host() + ":" + port();
  }

  public String projectId() {
    return config.projectId().orElseThrow();
  }

  /** A token that opens {@link #projectId}. */
  public String token() {
    return config.token().orElseThrow();
  }

  /** The token of the admin API (projects and tokens). */
  public String adminToken() {
    return config.adminToken().orElseThrow();
  }

  /** The development token, when the server was started with one. */
  public Optional<String> devToken() {
    return config.devToken();
  }

  /**
   * The {@code iron.json} the server wrote, which official clients read from the working directory.
   */
  public Path ironJson() {
    return config.ironJson();
  }

  /** Stops the server and deletes its data directory. */
  @Override
  public void close() {
    server.close();
    deleteRecursively(dataDir);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a test server starts with; everything has a default. */
  public static final class Builder {
    private String projectId = Tokens.newProjectId();
    private String token = Tokens.newToken();
    private String adminToken = Tokens.newToken();
    private Optional<String> devToken = Optional.empty();
    private int port;

    private Builder() {}

    /** The project to make (24 hex characters); a random one by default. */
    public Builder projectId(String value) {
      projectId = value;
      return this;
    }

    /** The token that opens the project; a random one by default. */
    public Builder token(String value) {
      token = value;
      return this;
    }

    public Builder adminToken(String value) {
      adminToken = value;
      return this;
    }

    /**
     * Development mode, as IronMQ's old test image had: this token opens any project id of 1 to 64
     * letters, digits, {@code -} or {@code _}, and each is created, empty, on first use.
     */
    public Builder devToken(String value) {
      devToken = Optional.of(value);
      return this;
    }

    /** A fixed port; by default a free one. */
    public Builder port(int value) {
      port = value;
      return this;
    }

    public IronMqTestServer start() {
      Path dataDir;
      try {
        dataDir = Files.createTempDirectory("ironmq-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ServerConfig.Builder config =
          ServerConfig.builder(dataDir)
              .port(port)
              .eventLoops(1)
              .projectId(projectId)
              .token(token)
              .adminToken(adminToken);
      devToken.ifPresent(config::devToken);
      return new IronMqTestServer(dataDir, config.build());
    }
  }
}
