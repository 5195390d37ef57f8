package dev.ironmq.postgres;

import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueStats;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Queues' history in {@code queue_stats}: a node's minute added to the minute and the hour rows of
 * each queue in one statement (counts summed over nodes, the latest size kept; rows are written in
 * key order, so that two nodes writing the same minute wait for each other rather than deadlock),
 * and periods read back along the primary key. Steps are stored by their ordinal.
 */
final class History {
  private static final String RECORD =
      "WITH s AS (SELECT q.id, x.size, x.posted, x.reserved, x.deleted, x.delivered, x.failed"
          + " FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[],"
          + " $8::bigint[], $9::bigint[], $10::bigint[])"
          + " AS x(project, name, size, posted, reserved, deleted, delivered, failed)"
          + " JOIN queues q ON q.project_id = x.project AND q.name = x.name)"
          + " INSERT INTO queue_stats AS t (queue_id, step, period, size, posted, reserved,"
          + " deleted, push_delivered, push_failed)"
          + " SELECT id, p.step, p.period, size, posted, reserved, deleted, delivered, failed"
          + " FROM s CROSS JOIN (VALUES (0::smallint, $1::bigint), (1::smallint, $2::bigint))"
          + " AS p(step, period) ORDER BY id, p.step"
          + " ON CONFLICT (queue_id, step, period) DO UPDATE SET size = excluded.size,"
          + " posted = t.posted + excluded.posted, reserved = t.reserved + excluded.reserved,"
          + " deleted = t.deleted + excluded.deleted,"
          + " push_delivered = t.push_delivered + excluded.push_delivered,"
          + " push_failed = t.push_failed + excluded.push_failed";

  /** The periods asked for; a queue with none gives one row of nulls (a missing one, an error). */
  private static final String READ =
      "SELECT s.period, s.size, s.posted, s.reserved, s.deleted, s.push_delivered, s.push_failed"
          + " FROM queue_named($1, $2) q LEFT JOIN queue_stats s ON s.queue_id = q.id"
          + " AND s.step = $3 AND s.period >= $4 AND s.period < $5 ORDER BY s.period";

  /** Forgets the periods past their retention, of every queue. */
  static final String FORGET =
      "DELETE FROM queue_stats WHERE (step = 0 AND period < $1) OR (step = 1 AND period < $2)";

  private final Database database;
  private final Clockwork clock;

  History(Database database, Clockwork clock) {
    this.database = database;
    this.clock = clock;
  }

  CompletableFuture<Void> record(long minute, List<QueueStats> samples) {
    if (samples.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    int n = samples.size();
    String[] projects = new String[n];
    String[] names = new String[n];
    Long[][] columns = new Long[6][n];
    for (int i = 0; i < n; i++) {
      QueueStats sample = samples.get(i);
      projects[i] = sample.ref().projectId();
      names[i] = sample.ref().name();
      StatsCounts c = sample.counts();
      long[] values = {
        c.size(), c.posted(), c.reserved(), c.deleted(), c.pushDelivered(), c.pushFailed()
      };
      for (int column = 0; column < values.length; column++) {
        columns[column][i] = values[column];
      }
    }
    Tuple parameters =
        Tuple.of(minute, StatsStep.HOUR.periodOf(minute))
            .addArrayOfString(projects)
            .addArrayOfString(names);
    for (Long[] column : columns) {
      parameters.addArrayOfLong(column);
    }
    return database.run(RECORD, parameters).thenApply(done -> null);
  }

  CompletableFuture<List<StatsPoint>> read(QueueRef ref, long from, long to, StatsStep step) {
    long oldest = clock.now() - step.retentionMillis();
    return database
        .run(
            READ,
            Tuple.of(
                ref.projectId(), ref.name(), (short) step.ordinal(), Math.max(from, oldest), to))
        .thenApply(
            rows -> {
              List<StatsPoint> points = new ArrayList<>();
              for (Row row : rows) {
                if (row.getLong(0) == null) {
                  continue;
                }
                points.add(
                    new StatsPoint(
                        row.getLong(0),
                        new StatsCounts(
                            row.getLong(1),
                            row.getLong(2),
                            row.getLong(3),
                            row.getLong(4),
                            row.getLong(5),
                            row.getLong(6))));
              }
              return points;
            });
  }
}
