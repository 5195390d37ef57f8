package dev.ironmq.postgres;

import dev.ironmq.backend.StatsStep;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What no request does: removing expired messages and delivered push messages past their retention
 * from queues nobody reads, the messages of deleted queues, queues' history past its retention, and
 * the listener entries of nodes that stopped. Any node may do it at any time; a batch at a time,
 * skipping rows another node holds.
 */
final class Housekeeping {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  private static final int BATCH = 1_000;

  /** A queue's counter rows are folded into one past this many. */
  private static final int FOLD_ABOVE = 64;

  private static final String QUEUES_WITH_EXPIRED =
      "SELECT queue_id FROM messages WHERE state <> 2 AND expires_at <= $1"
          + " UNION SELECT queue_id FROM messages WHERE state = 2 AND finished_at <= $1 - $2"
          + " LIMIT 100";

  private final Database database;
  private final Clockwork clock;
  private final long retentionMillis;

  Housekeeping(Database database, Clockwork clock, long retentionMillis) {
    this.database = database;
    this.clock = clock;
    this.retentionMillis = retentionMillis;
  }

  CompletableFuture<Void> run() {
    long now = clock.now();
    return expire(now)
        .thenCompose(done -> foldCounters())
        .thenCompose(done -> purgeDropped())
        .thenCompose(
            done ->
                database.run(
                    History.FORGET,
                    Tuple.of(
                        now - StatsStep.MINUTE.retentionMillis(),
                        now - StatsStep.HOUR.retentionMillis())))
        .thenCompose(
            done -> database.run("DELETE FROM listeners WHERE until < $1", Tuple.of(now - 60_000)))
        .<Void>thenApply(done -> null)
        .exceptionally(
            error -> {
              log.warn("Housekeeping failed: {}", error.getMessage());
              return null;
            });
  }

  private CompletableFuture<Void> expire(long now) {
    return database
        .run(QUEUES_WITH_EXPIRED, Tuple.of(now, retentionMillis))
        .thenCompose(
            rows -> {
              List<CompletableFuture<?>> expired = new ArrayList<>();
              for (Row row : rows) {
                expired.add(expireQueue(row.getLong(0), now));
              }
              return CompletableFuture.allOf(expired.toArray(CompletableFuture[]::new));
            });
  }

  private CompletableFuture<Void> expireQueue(long queueId, long now) {
    return database
        .one(
            "SELECT expire_messages($1, $2, $3, $4)",
            Tuple.of(queueId, now, retentionMillis, BATCH))
        .thenCompose(
            row ->
                row.getInteger(0) == BATCH
                    ? expireQueue(queueId, now)
                    : CompletableFuture.completedFuture(null));
  }

  /** Folds the counter rows of queues that have gathered many into one row each. */
  private CompletableFuture<Void> foldCounters() {
    return database
        .run(
            "SELECT queue_id FROM counters GROUP BY queue_id HAVING count(*) > $1 LIMIT 100",
            Tuple.of(FOLD_ABOVE))
        .thenCompose(
            rows -> {
              List<CompletableFuture<?>> folded = new ArrayList<>();
              for (Row row : rows) {
                folded.add(database.run("SELECT fold_counters($1)", Tuple.of(row.getLong(0))));
              }
              return CompletableFuture.allOf(folded.toArray(CompletableFuture[]::new));
            });
  }

  private CompletableFuture<Void> purgeDropped() {
    return database
        .one("SELECT purge_dropped($1)", Tuple.of(BATCH))
        .thenCompose(
            row ->
                row.getInteger(0) > 0 ? purgeDropped() : CompletableFuture.completedFuture(null));
  }
}
