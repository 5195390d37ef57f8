package dev.ironmq.server;

import dev.ironmq.store.rocksdb.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the server is started with; see {@code bin/ironmq serve --help}.
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
    Optional<String> adminToken) {

  /** The defaults, with the given data directory and port (used by tests). */
  public static ServerConfig defaults(Path dataDir, int port) {
    return new ServerConfig(
        "127.0.0.1",
        port,
        Optional.empty(),
        dataDir,
        FsyncPolicy.ALWAYS,
        Duration.ofMillis(200),
        64 * 1024,
        8 * 1024 * 1024,
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        Duration.ofSeconds(75),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        PushOptions.defaults(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public ServerConfig withCredentials(String projectId, String token, String adminToken) {
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
        Optional.of(projectId),
        Optional.of(token),
        Optional.of(adminToken));
  }

  /** These limits, and these timeouts for idle connections and for request bodies. */
  public ServerConfig withLimits(
      int newMaxRequestBytes, Duration newIdleTimeout, Duration newBodyTimeout) {
    return new ServerConfig(
        host,
        port,
        socket,
        dataDir,
        fsync,
        fsyncInterval,
        maxMessageBytes,
        newMaxRequestBytes,
        eventLoops,
        newIdleTimeout,
        newBodyTimeout,
        shutdownGrace,
        push,
        projectId,
        token,
        adminToken);
  }

  public ServerConfig withPush(PushOptions newPush) {
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
        newPush,
        projectId,
        token,
        adminToken);
  }

  /** The same on another port (0 picks a free one). */
  public ServerConfig withPort(int newPort) {
    return new ServerConfig(
        host,
        newPort,
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
        adminToken);
  }

  /** The same, listening on a Unix domain socket at {@code path} too. */
  public ServerConfig withSocket(Path path) {
    return new ServerConfig(
        host,
        port,
        Optional.of(path),
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
        adminToken);
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

  /** The host clients should use: the listening address, or loopback when that is a wildcard. */
  public String clientHost() {
    return host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
  }
}
