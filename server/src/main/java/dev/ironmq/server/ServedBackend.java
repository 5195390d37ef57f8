package dev.ironmq.server;

import dev.ironmq.backend.CommitObserver;
import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.core.Engine;
import dev.ironmq.core.EngineSettings;
import dev.ironmq.core.ShardRuntime;
import dev.ironmq.http.InternalMessagesJson;
import dev.ironmq.postgres.PostgresNode;
import dev.ironmq.postgres.PostgresSettings;
import dev.ironmq.postgres.VertxClockwork;
import dev.ironmq.store.rocksdb.DataLossPolicy;
import dev.ironmq.store.rocksdb.RocksJournal;
import dev.ironmq.store.rocksdb.RocksJournalOptions;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/**
 * The backend a server serves, as {@code --store} chose it: the embedded engine on a RocksDB
 * journal in the data directory (the default), or a node of the PostgreSQL backend.
 */
final class ServedBackend implements AutoCloseable {
  /**
   * How long a push attempt stays this node's unless the node renews it (every third of it, while
   * it runs): what another node waits for before it makes again the attempts of a node that died.
   */
  private static final Duration PUSH_LEASE = Duration.ofSeconds(10);

  private final QueueBackend backend;
  private final AutoCloseable storage;
  private final boolean onVertx;

  /**
   * A backend and its storage; {@code onVertx} when the storage runs on the server's Vert.x (it is
   * closed before Vert.x), else after it, once no shard task runs.
   */
  private ServedBackend(QueueBackend backend, AutoCloseable storage, boolean onVertx) {
    this.backend = backend;
    this.storage = storage;
    this.onVertx = onVertx;
  }

  static ServedBackend open(
      ServerConfig config,
      Vertx vertx,
      List<VertxShardRuntime> runtimes,
      InstantSource clock,
      PushTransport pusher,
      MessageEvents events,
      CommitObserver commits) {
    PushOptions push = config.push();
    if (config.postgresUrl().isPresent()) {
      PostgresNode node =
          PostgresNode.start(
              config.postgresUrl().get(),
              config.storeConnections(),
              vertx,
              new VertxClockwork(vertx, clock),
              pusher,
              new InternalMessagesJson(),
              new PostgresSettings(
                  nodeName(),
                  config.maxMessageBytes(),
                  push.retention(),
                  PUSH_LEASE.toMillis(),
                  Duration.ofSeconds(1),
                  events,
                  commits));
      return new ServedBackend(node.backend(), node, true);
    }
    RocksJournal journal =
        RocksJournal.open(
            config.storeDir(),
            new RocksJournalOptions(
                config.fsync(),
                config.fsyncInterval(),
                config.acceptDataLoss() ? DataLossPolicy.ACCEPT : DataLossPolicy.REFUSE,
                commits));
    try {
      Engine engine =
          Engine.start(
              journal,
              clock,
              List.<ShardRuntime>copyOf(runtimes),
              new EngineSettings(config.maxMessageBytes(), push.retention(), events),
              pusher,
              new InternalMessagesJson());
      return new ServedBackend(engine, journal, false);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /** A node's name among those sharing a database: host, process, and a random part. */
  private static String nodeName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host
        + "-"
        + ProcessHandle.current().pid()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  QueueBackend backend() {
    return backend;
  }

  /** Closes the storage if it runs on Vert.x, which is about to close. */
  void closeBeforeVertx() {
    if (onVertx) {
      close();
    }
  }

  /** Closes the storage if it does not run on Vert.x, which has closed. */
  void closeAfterVertx() {
    if (!onVertx) {
      close();
    }
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the store: " + e.getMessage(), e);
    }
  }
}
