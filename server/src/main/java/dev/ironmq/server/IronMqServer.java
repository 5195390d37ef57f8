package dev.ironmq.server;

import dev.ironmq.backend.QueueBackend;
import dev.ironmq.http.AccessLog;
import dev.ironmq.http.CodecGuard;
import dev.ironmq.http.HttpApi;
import dev.ironmq.http.HttpSettings;
import dev.ironmq.metrics.PushRates;
import dev.ironmq.metrics.ServerMetrics;
import dev.ironmq.metrics.StatsCollector;
import dev.ironmq.push.HttpPusher;
import dev.ironmq.push.PushSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: the store, the engine on Vert.x event loops, and one HTTP server per loop
 * sharing the port (and the Unix domain socket, when there is one). {@link #start} returns once the
 * server answers; {@link #close} stops taking connections, ends parked long polls, lets requests in
 * flight finish, and closes the store.
 */
public final class IronMqServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IronMqServer.class);
  private static final long DISK_CHECK_MILLIS = 10_000;

  private final ServerConfig config;
  private final ServedBackend served;
  private final Vertx vertx;
  private final HttpPusher pusher;
  private final List<HttpServer> httpServers;
  private final Credentials credentials;
  private final int port;
  private final ServerMetrics metrics;
  private final Optional<HttpServer> metricsServer;
  private final Optional<StatsSchedule> stats;
  private final AlertSchedule alerts;
  private boolean closed;

  private IronMqServer(
      ServerConfig config,
      ServedBackend served,
      Vertx vertx,
      HttpPusher pusher,
      List<HttpServer> httpServers,
      Credentials credentials,
      int port,
      ServerMetrics metrics,
      Optional<HttpServer> metricsServer,
      Optional<StatsSchedule> stats,
      AlertSchedule alerts) {
    this.config = config;
    this.served = served;
    this.vertx = vertx;
    this.pusher = pusher;
    this.httpServers = httpServers;
    this.credentials = credentials;
    this.port = port;
    this.metrics = metrics;
    this.metricsServer = metricsServer;
    this.stats = stats;
    this.alerts = alerts;
  }

  /**
   * Starts a server and returns once it serves, on the real clock (this is the only place it is
   * read).
   *
   * <p>The order matters to an operator: the server listens first, so that a port in use ends the
   * start before anything is written; then it prepares the data directory, opens the store (which
   * refuses damage), loads the engine, and makes sure of the bootstrap credentials. Requests that
   * arrive meanwhile wait in the {@link StartGate}.
   */
  public static IronMqServer start(ServerConfig config) {
    return start(config, InstantSource.system());
  }

  /**
   * Starts a server on a clock of the caller's: a test that loads data written at a known moment
   * runs the server at that moment.
   */
  public static IronMqServer start(ServerConfig config, InstantSource clock) {
    Bootstrap.check(config);
    long started = System.nanoTime();
    config.socket().ifPresent(SocketFile::claim);
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setPreferNativeTransport(true)
                .setEventLoopPoolSize(config.eventLoops()));
    List<VertxShardRuntime> runtimes = new ArrayList<>();
    for (int i = 0; i < config.eventLoops(); i++) {
      Context context = ((VertxInternal) vertx).createEventLoopContext();
      runtimes.add(new VertxShardRuntime(vertx, context, clock));
    }
    StartGate gate = new StartGate();
    List<HttpServer> servers = new ArrayList<>();
    ServedBackend served = null;
    ServerMetrics metrics =
        config.metrics().enabled()
            ? new ServerMetrics(
                config.metrics().maxQueues(), io.micrometer.core.instrument.Clock.SYSTEM)
            : ServerMetrics.disabled();
    Optional<StatsCollector> collector =
        config.stats() ? Optional.of(new StatsCollector()) : Optional.empty();
    PushRates rates = new PushRates();
    try {
      int port = listenAll(vertx, runtimes, gate, config, servers);
      DataDirectory.prepare(config);
      PushOptions push = config.push();
      HttpPusher pusher =
          new HttpPusher(
              vertx,
              new PushSettings(
                  push.connectTimeout(),
                  push.timeout(),
                  push.concurrency(),
                  push.allowPrivateAddresses(),
                  push.publicUrl().orElse("http://" + config.clientHost() + ":" + port)));
      served =
          ServedBackend.open(
              config,
              vertx,
              runtimes,
              clock,
              rates.transport(
                  collector
                      .map(c -> c.transport(metrics.timing(pusher)))
                      .orElse(metrics.timing(pusher))),
              collector.map(c -> c.events(metrics.messageEvents())).orElse(metrics.messageEvents()),
              metrics.commits());
      QueueBackend backend = served.backend();
      Optional<StatsSchedule> stats =
          collector.map(c -> new StatsSchedule(vertx, clock, c, backend));
      AlertSchedule alerts = new AlertSchedule(vertx, clock, rates, backend);
      metrics.watch(backend);
      DiskSpace disk = new DiskSpace(config.dataDir(), config.lowDiskSpace());
      disk.check();
      vertx.setPeriodic(DISK_CHECK_MILLIS, id -> disk.check());
      HttpApi api =
          new HttpApi(
              vertx,
              clock,
              backend,
              new HttpSettings(
                  config.maxRequestBytes(),
                  config.bodyTimeout(),
                  config.devToken(),
                  config.metrics().token()),
              metrics,
              config.accessLog()
                  ? Optional.of(
                      new AccessLog(
                          clock, System::nanoTime, LoggerFactory.getLogger("ironmq.access")::info))
                  : Optional.empty(),
              () -> disk.warning().stream().toList());
      Optional<HttpServer> metricsServer = Optional.empty();
      if (config.metrics().port().isPresent()) {
        metricsServer =
            Optional.of(
                await(MetricsListener.listen(vertx, metrics, config.metrics().port().getAsInt())));
        log.info(
            "Metrics without a token on http://{}:{}/metrics",
            MetricsListener.HOST,
            metricsServer.get().actualPort());
      }
      Credentials credentials = Bootstrap.run(backend, config, port);
      gate.open(api);
      stats.ifPresent(StatsSchedule::start);
      alerts.start();
      if (config.devToken().isPresent()) {
        log.warn(
            "Development mode: any caller with the --dev-token can use any project id, and"
                + " projects are created on first use; never expose this server");
      }
      log.info(
          "Listening on http://{}:{}{} ({} transport, {} event loops, {}); ready in {} ms",
          config.host(),
          port,
          config.socket().map(path -> " and " + path).orElse(""),
          vertx.isNativeTransportEnabled() ? "epoll" : "nio",
          config.eventLoops(),
          config.postgresUrl().isPresent()
              ? "store PostgreSQL"
              : "fsync " + config.fsync().name().toLowerCase(java.util.Locale.ROOT),
          Duration.ofNanos(System.nanoTime() - started).toMillis());
      return new IronMqServer(
          config,
          served,
          vertx,
          pusher,
          servers,
          credentials,
          port,
          metrics,
          metricsServer,
          stats,
          alerts);
    } catch (RuntimeException e) {
      gate.fail();
      if (served != null) {
        served.closeBeforeVertx();
      }
      await(vertx.close());
      if (served != null) {
        served.closeAfterVertx();
      }
      config.socket().ifPresent(SocketFile::release);
      metrics.close();
      throw e;
    }
  }

  /**
   * Listens on the port, and on the socket when there is one, with one HTTP server per event loop
   * on each (Vert.x shares the listening socket and hands each new connection to the next loop).
   * Returns the port, which the first server picks when asked for any.
   */
  private static int listenAll(
      Vertx vertx,
      List<VertxShardRuntime> runtimes,
      StartGate gate,
      ServerConfig config,
      List<HttpServer> servers) {
    // Vert.x shares one random port among the servers that ask for the same negative one.
    int port = config.port() == 0 ? -1 : config.port();
    String tcp = config.host() + ":" + config.port();
    Optional<SocketAddress> unix =
        config
            .socket()
            .map(path -> SocketAddress.domainSocketAddress(path.toAbsolutePath().toString()));
    for (VertxShardRuntime runtime : runtimes) {
      servers.add(
          listen(vertx, runtime.context(), gate, config, tcp, s -> s.listen(port, config.host())));
      if (unix.isPresent()) {
        servers.add(
            listen(
                vertx,
                runtime.context(),
                gate,
                config,
                unix.get().path(),
                s -> s.listen(unix.get())));
      }
    }
    return servers.get(0).actualPort();
  }

  private static HttpServer listen(
      Vertx vertx,
      Context context,
      Handler<HttpServerRequest> handler,
      ServerConfig config,
      String address,
      Function<HttpServer, Future<HttpServer>> bind) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setIdleTimeout((int) config.idleTimeout().toSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setTcpNoDelay(true)
            .setCompressionSupported(false)
            .setDecompressionSupported(false)
            // HTTP/1.1 only: no h2c upgrade, so that each connection's pipeline is complete,
            // codec guard included, before its first request is read.
            .setHttp2ClearTextEnabled(false);
    io.vertx.core.Promise<HttpServer> listening = io.vertx.core.Promise.promise();
    context.runOnContext(
        v ->
            bind.apply(
                    vertx
                        .createHttpServer(options)
                        .requestHandler(handler)
                        .connectionHandler(CodecGuard::install))
                .onComplete(listening));
    try {
      return await(listening.future());
    } catch (IllegalStateException e) {
      throw new IllegalStateException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  /** The port of {@code --metrics-port}, when it is served. */
  public java.util.OptionalInt metricsPort() {
    return metricsServer
        .map(server -> java.util.OptionalInt.of(server.actualPort()))
        .orElse(java.util.OptionalInt.empty());
  }

  /** The backend this server serves. */
  public QueueBackend backend() {
    return served.backend();
  }

  public ServerConfig config() {
    return config;
  }

  /** The bootstrap project, token and admin token, as far as this start knows them. */
  public Credentials credentials() {
    return credentials;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stats.ifPresent(StatsSchedule::stop);
    alerts.stop();
    log.info("Stopping: ending long polls and finishing requests in flight");
    try {
      served.backend().endWaits().get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("Parked long polls did not all end in time", e);
    }
    List<Future<Void>> shutdowns = new ArrayList<>();
    metricsServer.ifPresent(server -> shutdowns.add(server.close()));
    for (HttpServer server : httpServers) {
      shutdowns.add(server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS));
    }
    for (Future<Void> shutdown : shutdowns) {
      await(shutdown);
    }
    await(pusher.close());
    served.closeBeforeVertx();
    await(vertx.close());
    served.closeAfterVertx();
    config.socket().ifPresent(SocketFile::release);
    metrics.close();
    log.info("Stopped");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e);
    }
  }
}
