package dev.ironmq.postgres;

import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.PushTransport;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server node on a PostgreSQL database: migrates the schema (Flyway, which takes a lock in the
 * database, so nodes starting together migrate once), opens the connection pool and the connection
 * that listens for notifications, and starts the backend and its timers.
 */
public final class PostgresNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresNode.class);

  /** The databases this process has brought up to date, by JDBC URL. */
  private static final Set<String> MIGRATED = ConcurrentHashMap.newKeySet();

  /** The schema every table and function lives in. */
  static final String SCHEMA = "ironmq";

  private final Pool pool;
  private final PgSubscriber subscriber;
  private final PostgresBackend backend;
  private final Housekeeping housekeeping;
  private final Clockwork clock;
  private final PostgresSettings settings;
  private volatile Clockwork.Cancellable lookAround;
  private volatile boolean closed;

  private PostgresNode(
      Pool pool,
      PgSubscriber subscriber,
      PostgresBackend backend,
      Housekeeping housekeeping,
      Clockwork clock,
      PostgresSettings settings) {
    this.pool = pool;
    this.subscriber = subscriber;
    this.backend = backend;
    this.housekeeping = housekeeping;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Connects to the database at {@code url} ({@code postgresql://user[:password]@host[:port]/db}),
   * migrates its schema, and starts a node; a database that cannot be reached ends the start with a
   * {@link PostgresUnavailableException} that says why.
   */
  public static PostgresNode start(
      String url,
      int poolSize,
      Vertx vertx,
      Clockwork clock,
      PushTransport transport,
      InternalMessages messages,
      PostgresSettings settings) {
    PgConnectOptions options = options(url);
    migrate(options);
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(poolSize))
            .connectingTo(options)
            .using(vertx)
            .build();
    Database database = new Database(pool);
    PostgresBackend backend = new PostgresBackend(database, clock, transport, messages, settings);
    PgSubscriber subscriber =
        PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
    subscriber
        .channel("ironmq_messages")
        .handler(payload -> backend.longPolls().wake(Long.parseLong(payload)));
    subscriber
        .channel(Projects.CHANNEL)
        .handler(payload -> backend.work().track(backend.projects().reload()));
    PostgresNode node =
        new PostgresNode(
            pool,
            subscriber,
            backend,
            new Housekeeping(database, clock, settings.pushRetention().toMillis()),
            clock,
            settings);
    try {
      await(subscriber.connect().toCompletionStage().toCompletableFuture());
      await(backend.start());
    } catch (RuntimeException e) {
      node.close();
      throw new PostgresUnavailableException(
          "cannot start on the database at " + redacted(url) + ": " + e.getMessage(), e);
    }
    node.scheduleLookAround();
    log.info("Serving from PostgreSQL at {} as node {}", redacted(url), settings.node());
    return node;
  }

  /** The connection options of a {@code postgresql://} URL, in the backend's schema. */
  static PgConnectOptions options(String url) {
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new PostgresUnavailableException(
          "'" + redacted(url) + "' is not a PostgreSQL URL (postgresql://user@host:port/db)", e);
    }
    return options
        .setCachePreparedStatements(true)
        .setProperties(Map.of("search_path", SCHEMA, "application_name", "ironmq"));
  }

  /**
   * Brings the database's schema up to this version, as Flyway records it; once per database in a
   * process (a node restarted in the same process, as tests do, finds it migrated).
   */
  static void migrate(PgConnectOptions options) {
    String jdbc =
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase();
    if (MIGRATED.contains(jdbc)) {
      return;
    }
    try {
      Flyway.configure()
          .dataSource(jdbc, options.getUser(), options.getPassword())
          .schemas(SCHEMA)
          .defaultSchema(SCHEMA)
          .locations("classpath:db/ironmq")
          .connectRetries(0)
          .load()
          .migrate();
      MIGRATED.add(jdbc);
    } catch (FlywayException e) {
      String why =
          e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new PostgresUnavailableException(
          "cannot reach or prepare the database at "
              + options.getHost()
              + ":"
              + options.getPort()
              + "/"
              + options.getDatabase()
              + ": "
              + why,
          e);
    }
  }

  /**
   * Every so often: looks for what other nodes scheduled (push attempts falling due, leases that
   * ran out), serves parked reserves whose notification may have been missed, and keeps house.
   */
  private void scheduleLookAround() {
    if (closed || settings.lookAround().isZero()) {
      return;
    }
    lookAround =
        clock.at(
            clock.now() + settings.lookAround().toMillis(),
            () -> {
              backend.work().track(backend.push().runDue());
              backend.longPolls().wakeAll();
              backend.work().track(housekeeping.run());
              scheduleLookAround();
            });
  }

  public PostgresBackend backend() {
    return backend;
  }

  /** Removes expired messages and what deleted queues left, now (for tests). */
  CompletableFuture<Void> keepHouse() {
    return housekeeping.run();
  }

  /** Ends parked reserves, gives up this node's push leases, and closes its connections. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (lookAround != null) {
      lookAround.cancel();
    }
    try {
      await(backend.stop());
    } catch (RuntimeException e) {
      log.warn("Push leases could not be given up: {}", e.getMessage());
    }
    subscriber.close();
    pool.close();
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer within 30 s", e);
    }
  }

  /** The URL without its password, for messages. */
  static String redacted(String url) {
    return url.replaceAll("(//[^:/@]*):[^@/]*@", "$1:***@");
  }
}
