package dev.ironmq.postgres;

import dev.ironmq.backend.QueueLoad;
import dev.ironmq.backend.QueueRef;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What every queue holds, for monitoring: one statement that reads each queue's counters and groups
 * its unexpired pull messages by state. It reads every such message, so it costs in proportion to
 * the messages held; a scrape every 15 seconds is what it is for.
 */
final class QueueLoads {
  private static final String LOADS =
      "SELECT q.project_id, q.name, queue_size(q.id), coalesce(m.reserved, 0),"
          + " coalesce(m.delayed, 0), m.oldest"
          + " FROM queues q LEFT JOIN (SELECT queue_id,"
          + " count(*) FILTER (WHERE reservation_id IS NOT NULL AND visible_at > $1) AS reserved,"
          + " count(*) FILTER (WHERE reservation_id IS NULL AND visible_at > $1) AS delayed,"
          + " min(posted_at) FILTER (WHERE visible_at <= $1) AS oldest"
          + " FROM messages WHERE state = 0 AND expires_at > $1 GROUP BY queue_id) m"
          + " ON m.queue_id = q.id";

  private final Database database;
  private final Clockwork clock;

  QueueLoads(Database database, Clockwork clock) {
    this.database = database;
    this.clock = clock;
  }

  CompletableFuture<List<QueueLoad>> all() {
    long now = clock.now();
    return database
        .run(LOADS, Tuple.of(now))
        .thenApply(
            rows -> {
              List<QueueLoad> loads = new ArrayList<>(rows.size());
              for (Row row : rows) {
                Long oldest = row.getLong(5);
                loads.add(
                    new QueueLoad(
                        QueueRef.of(row.getString(0), row.getString(1)),
                        row.getLong(2),
                        row.getLong(3),
                        row.getLong(4),
                        oldest == null ? 0 : Math.max(0, now - oldest)));
              }
              return loads;
            });
  }
}
