package dev.ironmq.postgres;

import dev.ironmq.backend.AlertGraph;
import dev.ironmq.backend.AlertLoops;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.AlertRules;
import dev.ironmq.backend.ConfigRules;
import dev.ironmq.backend.PauseChange;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueConfigs;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.SubscriberChange;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.backend.stored.QueueConfigJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Creating and changing queues: each change is one transaction that locks the queue's row, checks
 * the new settings with the same rules as the embedded engine ({@link QueueConfigs}), and writes
 * them. A queue whose alerts change watches its size from where it is now (and forgets the readings
 * of alerts removed); a dead-letter queue named in the settings is created with them.
 */
final class QueueSettings {
  private static final String LOCK =
      "SELECT id, config::text FROM queues WHERE project_id = $1 AND name = $2 FOR UPDATE";
  private static final String INSERT =
      "INSERT INTO queues (project_id, name, created_at, config) VALUES ($1, $2, $3, $4::text::jsonb)"
          + " ON CONFLICT (project_id, name) DO NOTHING RETURNING id";
  private static final String UPDATE = "UPDATE queues SET config = $2::text::jsonb WHERE id = $1";
  private static final String WATCH_FROM_NOW =
      "INSERT INTO alert_states (queue_id, last_size) VALUES ($1, queue_size($1))"
          + " ON CONFLICT (queue_id) DO UPDATE SET last_size = excluded.last_size,"
          + " reached = (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM"
          + " jsonb_each(alert_states.reached) WHERE split_part(key, '/', 1) = ANY($2))";
  private static final String COUNTS =
      "SELECT coalesce(sum(posted) - sum(removed), 0), coalesce(sum(posted), 0)"
          + " FROM counters WHERE queue_id = $1";

  /** The progressive alerts of a project's queues, for the alert loop check. */
  private static final String ALERT_EDGES =
      "SELECT name, config->'alerts' #>> '{}' FROM queues WHERE project_id = $1"
          + " AND jsonb_array_length(config->'alerts') > 0";

  private final Database database;
  private final Clockwork clock;
  private final PushTransport transport;
  private final Map<QueueRef, String> defaults = new java.util.concurrent.ConcurrentHashMap<>();

  QueueSettings(Database database, Clockwork clock, PushTransport transport) {
    this.database = database;
    this.clock = clock;
    this.transport = transport;
  }

  /** The settings, as JSON, of a queue a post creates. */
  String newQueueConfig(QueueRef ref) {
    return defaults.computeIfAbsent(
        ref,
        r ->
            ConfigJson.encode(
                QueueConfigs.forNewQueue(
                    r, QueueChange.none(), new ConfigRules(transport, NO_LOOPS))));
  }

  private static final AlertLoops NO_LOOPS = (from, targets) -> false;

  /** Creates (when {@code create}) or updates a queue. */
  CompletableFuture<QueueInfo> put(QueueRef ref, QueueChange change, boolean create) {
    return change(
        ref,
        (current, rules) -> {
          if (current == null) {
            if (!create) {
              throw ProblemException.of(Problem.queueNotFound());
            }
            return QueueConfigs.forNewQueue(ref, change, rules);
          }
          return QueueConfigs.updated(ref, current, change, rules);
        });
  }

  CompletableFuture<QueueInfo> changeSubscribers(QueueRef ref, SubscriberChange change) {
    return changeExisting(
        ref, (current, rules) -> QueueConfigs.withSubscribers(ref, current, change, rules));
  }

  CompletableFuture<QueueInfo> pause(QueueRef ref, PauseChange change) {
    return changeExisting(ref, (current, rules) -> QueueConfigs.paused(current, change));
  }

  private CompletableFuture<QueueInfo> changeExisting(QueueRef ref, Change change) {
    return change(
        ref,
        (current, rules) -> {
          if (current == null) {
            throw ProblemException.of(Problem.queueNotFound());
          }
          return change.apply(current, rules);
        });
  }

  /** How a change makes the new settings from the current ones (null for a new queue). */
  @FunctionalInterface
  private interface Change {
    QueueConfig apply(QueueConfig current, ConfigRules rules);
  }

  private CompletableFuture<QueueInfo> change(QueueRef ref, Change change) {
    return database.inTransaction(
        connection ->
            alertLoops(connection, ref)
                .compose(
                    loops ->
                        Database.run(connection, LOCK, Tuple.of(ref.projectId(), ref.name()))
                            .compose(
                                rows -> {
                                  Row row = rows.size() == 0 ? null : rows.iterator().next();
                                  QueueConfig current =
                                      row == null ? null : ConfigJson.decode(row.getString(1));
                                  QueueConfig next =
                                      change.apply(current, new ConfigRules(transport, loops));
                                  return write(connection, ref, row, current, next);
                                })));
  }

  private Future<QueueInfo> write(
      SqlConnection connection, QueueRef ref, Row row, QueueConfig current, QueueConfig next) {
    String json = ConfigJson.encode(next);
    Future<Long> written =
        row == null
            ? Database.run(
                    connection, INSERT, Tuple.of(ref.projectId(), ref.name(), clock.now(), json))
                .map(
                    inserted -> {
                      if (inserted.size() == 0) {
                        // Created meanwhile by another node: this call must be made again.
                        throw ProblemException.of(
                            new Problem.StorageUnavailable(
                                "The queue was created at the same moment; try again"));
                      }
                      return inserted.iterator().next().getLong(0);
                    })
            : Database.run(connection, UPDATE, Tuple.of(row.getLong(0), json))
                .map(updated -> row.getLong(0));
    return written
        .compose(
            queueId ->
                (current == null || !current.alerts().equals(next.alerts()))
                        && !next.alerts().isEmpty()
                    ? Database.run(
                            connection,
                            WATCH_FROM_NOW,
                            Tuple.of(
                                queueId,
                                (Object)
                                    next.alerts().stream()
                                        .map(AlertRecord::id)
                                        .toArray(String[]::new)))
                        .map(done -> queueId)
                    : Future.succeededFuture(queueId))
        .compose(queueId -> ensureDeadLetterQueue(connection, ref, next).map(done -> queueId))
        .compose(
            queueId ->
                Database.run(connection, COUNTS, Tuple.of(queueId))
                    .map(
                        counts -> {
                          Row c = counts.iterator().next();
                          return new QueueInfo(ref, c.getLong(0), c.getLong(1), next);
                        }));
  }

  private Future<Void> ensureDeadLetterQueue(
      SqlConnection connection, QueueRef ref, QueueConfig config) {
    if (config.deadLetter().isEmpty()) {
      return Future.succeededFuture();
    }
    QueueRef target = ref.sibling(config.deadLetter().get().queueName());
    return Database.run(
            connection,
            "SELECT ensure_queue($1, $2, $3::text::jsonb, $4)",
            Tuple.of(target.projectId(), target.name(), newQueueConfig(target), clock.now()))
        .mapEmpty();
  }

  /** The project's progressive alerts as a graph, to refuse an alert that would close a loop. */
  private Future<AlertLoops> alertLoops(SqlConnection connection, QueueRef ref) {
    return Database.run(connection, ALERT_EDGES, Tuple.of(ref.projectId()))
        .map(
            rows -> {
              AlertGraph graph = new AlertGraph();
              for (Row row : rows) {
                QueueRef from = ref.sibling(row.getString(0));
                graph.set(
                    from,
                    AlertRules.progressiveTargets(
                        from, QueueConfigJson.readAlerts(ConfigJson.read(row.getString(1)))));
              }
              return graph;
            });
  }
}
