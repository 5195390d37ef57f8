package dev.ironmq.server;

import dev.ironmq.store.rocksdb.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the server is started with; see {@code bin/ironmq serve --help}. Built with {@link
 * #builder(Path)}, changed with {@link #toBuilder()}.
 *
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param socket a Unix domain socket to listen on as well, for clients on this machine
 * @param dataDir where the store, {@code iron.json} and the admin token live
 * @param fsync when the write-ahead log is forced to disk
 * @param fsyncInterval the period of {@link FsyncPolicy#INTERVAL}
 * @param maxMessageBytes the largest message body
 * @param maxRequestBytes the largest request body
 * @param eventLoops threads serving HTTP and owning queues
 * @param idleTimeout connections idle this long are closed
 * @param bodyTimeout a request body must arrive within this
 * @param shutdownGrace how long a stop waits for requests in flight
 * @param push how the server pushes to subscribers
 * @param projectId the project to create at start if it does not exist
 * @param token a token to make open that project at start
 * @param adminToken the admin token to accept
 * @param acceptDataLoss whether to start on a damaged store, keeping what can be read
 * @param lowDiskSpace free bytes under which the log and {@code /health} warn; empty for the
 *     default, 5 % of the disk and at most 1 GiB
 * @param postgresUrl the PostgreSQL database to serve from ({@code postgresql://...}); empty for
 *     the embedded store in the data directory
 * @param storeConnections connections to PostgreSQL this node opens at most
 * @param devToken a development token, which opens any project and creates it on first use
 * @param devTokenAllowRemote whether a development token may be served on an address other hosts
 *     reach
 * @param metrics who may read {@code /metrics}, and how many queues it labels
 * @param accessLog whether each request is logged as a line of JSON
 * @param stats whether each queue's history is recorded, a minute at a time
 */
public record ServerConfig(
    String host,
    int port,
    Optional<Path> socket,
    Path dataDir,
    FsyncPolicy fsync,
    Duration fsyncInterval,
    int maxMessageBytes,
    int maxRequestBytes,
    int eventLoops,
    Duration idleTimeout,
    Duration bodyTimeout,
    Duration shutdownGrace,
    PushOptions push,
    Optional<String> projectId,
    Optional<String> token,
    Optional<String> adminToken,
    boolean acceptDataLoss,
    OptionalLong lowDiskSpace,
    Optional<String> postgresUrl,
    int storeConnections,
    Optional<String> devToken,
    boolean devTokenAllowRemote,
    MetricsOptions metrics,
    boolean accessLog,
    boolean stats) {

  /** The defaults, with the given data directory and port (used by tests). */
  public static ServerConfig defaults(Path dataDir, int port) {
    return builder(dataDir).port(port).build();
  }

  /** Every setting at its default, with the given data directory. */
  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public ServerConfig withCredentials(String projectId, String token, String adminToken) {
    return toBuilder().projectId(projectId).token(token).adminToken(adminToken).build();
  }

  /** These limits, and these timeouts for idle connections and for request bodies. */
  public ServerConfig withLimits(
      int newMaxRequestBytes, Duration newIdleTimeout, Duration newBodyTimeout) {
    return toBuilder()
        .maxRequestBytes(newMaxRequestBytes)
        .idleTimeout(newIdleTimeout)
        .bodyTimeout(newBodyTimeout)
        .build();
  }

  public ServerConfig withPush(PushOptions newPush) {
    return toBuilder().push(newPush).build();
  }

  /** The same on another port (0 picks a free one). */
  public ServerConfig withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  /** The same, listening on a Unix domain socket at {@code path} too. */
  public ServerConfig withSocket(Path path) {
    return toBuilder().socket(path).build();
  }

  public Path storeDir() {
    return dataDir.resolve("store");
  }

  public Path ironJson() {
    return dataDir.resolve("iron.json");
  }

  public Path adminTokenFile() {
    return dataDir.resolve("admin-token");
  }

  /** Whether the server listens only where other machines cannot reach it (a loopback address). */
  public boolean loopbackOnly() {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** The host clients should use: the listening address, or loopback when that is a wildcard. */
  public String clientHost() {
    return host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
  }

  /** Settings one at a time; every one starts at its default. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private Optional<Path> socket = Optional.empty();
    private Path dataDir;
    private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
    private Duration fsyncInterval = Duration.ofMillis(200);
    private int maxMessageBytes = 64 * 1024;
    private int maxRequestBytes = 8 * 1024 * 1024;
    private int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Duration idleTimeout = Duration.ofSeconds(75);
    private Duration bodyTimeout = Duration.ofSeconds(30);
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private PushOptions push = PushOptions.defaults();
    private Optional<String> projectId = Optional.empty();
    private Optional<String> token = Optional.empty();
    private Optional<String> adminToken = Optional.empty();
    private boolean acceptDataLoss;
    private OptionalLong lowDiskSpace = OptionalLong.empty();
    private Optional<String> postgresUrl = Optional.empty();
    private int storeConnections = 16;
    private Optional<String> devToken = Optional.empty();
    private boolean devTokenAllowRemote;
    private MetricsOptions metrics = MetricsOptions.defaults();
    private boolean accessLog;
    private boolean stats = true;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    private Builder(ServerConfig c) {
      host = c.host;
      port = c.port;
      socket = c.socket;
      dataDir = c.dataDir;
      fsync = c.fsync;
      fsyncInterval = c.fsyncInterval;
      maxMessageBytes = c.maxMessageBytes;
      maxRequestBytes = c.maxRequestBytes;
      eventLoops = c.eventLoops;
      idleTimeout = c.idleTimeout;
      bodyTimeout = c.bodyTimeout;
      shutdownGrace = c.shutdownGrace;
      push = c.push;
      projectId = c.projectId;
      token = c.token;
      adminToken = c.adminToken;
      acceptDataLoss = c.acceptDataLoss;
      lowDiskSpace = c.lowDiskSpace;
      postgresUrl = c.postgresUrl;
      storeConnections = c.storeConnections;
      devToken = c.devToken;
      devTokenAllowRemote = c.devTokenAllowRemote;
      metrics = c.metrics;
      accessLog = c.accessLog;
      stats = c.stats;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder socket(Path value) {
      socket = Optional.of(value);
      return this;
    }

    public Builder fsync(FsyncPolicy value, Duration interval) {
      fsync = value;
      fsyncInterval = interval;
      return this;
    }

    public Builder maxMessageBytes(int value) {
      maxMessageBytes = value;
      return this;
    }

    public Builder maxRequestBytes(int value) {
      maxRequestBytes = value;
      return this;
    }

    public Builder eventLoops(int value) {
      eventLoops = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    public Builder bodyTimeout(Duration value) {
      bodyTimeout = value;
      return this;
    }

    public Builder shutdownGrace(Duration value) {
      shutdownGrace = value;
      return this;
    }

    public Builder push(PushOptions value) {
      push = value;
      return this;
    }

    public Builder projectId(String value) {
      projectId = Optional.of(value);
      return this;
    }

    public Builder token(String value) {
      token = Optional.of(value);
      return this;
    }

    public Builder adminToken(String value) {
      adminToken = Optional.of(value);
      return this;
    }

    public Builder acceptDataLoss(boolean value) {
      acceptDataLoss = value;
      return this;
    }

    public Builder lowDiskSpace(long bytes) {
      lowDiskSpace = OptionalLong.of(bytes);
      return this;
    }

    /** Serves from this PostgreSQL database instead of the embedded store. */
    public Builder postgres(String url) {
      postgresUrl = Optional.of(url);
      return this;
    }

    public Builder storeConnections(int value) {
      storeConnections = value;
      return this;
    }

    /** Development mode: this token opens any project (see {@code --dev-token}). */
    public Builder devToken(String value) {
      devToken = Optional.of(value);
      return this;
    }

    public Builder devTokenAllowRemote(boolean value) {
      devTokenAllowRemote = value;
      return this;
    }

    public Builder metrics(MetricsOptions value) {
      metrics = value;
      return this;
    }

    public Builder accessLog(boolean value) {
      accessLog = value;
      return this;
    }

    public Builder stats(boolean value) {
      stats = value;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          socket,
          dataDir,
          fsync,
          fsyncInterval,
          maxMessageBytes,
          maxRequestBytes,
          eventLoops,
          idleTimeout,
          bodyTimeout,
          shutdownGrace,
          push,
          projectId,
          token,
          adminToken,
          acceptDataLoss,
          lowDiskSpace,
          postgresUrl,
          storeConnections,
          devToken,
          devTokenAllowRemote,
          metrics,
          accessLog,
          stats);
    }
  }
}
