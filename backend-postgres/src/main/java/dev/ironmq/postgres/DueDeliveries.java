package dev.ironmq.postgres;

import dev.ironmq.backend.push.DeliveryEvent;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When push deliveries fall due, on every node: deliveries waiting for an attempt or for a 202's
 * end, and attempts whose lease ran out. One timer for the soonest; when it fires, what is due is
 * claimed a batch at a time ({@code SKIP LOCKED}, so that nodes share the work) and each delivery
 * is handed a {@link DeliveryEvent.Due}.
 */
final class DueDeliveries {
  private static final Logger log = LoggerFactory.getLogger(DueDeliveries.class);

  /** Deliveries of queues whose pushing is not paused (a paused queue's wait for its resume). */
  private static final String OF_PUSHING_QUEUES =
      " FROM deliveries d JOIN queues q ON q.id = d.queue_id"
          + " WHERE NOT coalesce((q.config->'pause'->>'push')::boolean, false) AND ";

  private static final String DUE =
      "SELECT d.queue_id, d.message_id, d.subscriber"
          + OF_PUSHING_QUEUES
          + "d.lease_until IS NULL AND d.status IN (0, 1, 2) AND d.next_attempt_at <= $1"
          + " ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED";

  private static final String LAPSED =
      "SELECT d.queue_id, d.message_id, d.subscriber"
          + OF_PUSHING_QUEUES
          + "d.lease_until IS NOT NULL AND d.lease_until <= $1"
          + " ORDER BY d.lease_until LIMIT $2 FOR UPDATE OF d SKIP LOCKED";

  private static final String NEXT_DUE =
      "SELECT least((SELECT min(d.next_attempt_at)"
          + OF_PUSHING_QUEUES
          + "d.lease_until IS NULL AND d.status IN (0, 1, 2)),"
          + " (SELECT min(d.lease_until)"
          + OF_PUSHING_QUEUES
          + "d.lease_until IS NOT NULL))";

  private static final int BATCH = 100;

  /** What is done with a delivery claimed as due. */
  @FunctionalInterface
  interface Handler {
    CompletableFuture<Void> due(DeliveryKey key, DeliveryClaim claim);
  }

  private final Database database;
  private final Clockwork clock;
  private final Work work;
  private final Handler handler;
  private Clockwork.Cancellable nextRun;
  private long nextRunAt = Long.MAX_VALUE;
  private boolean stopped;

  DueDeliveries(Database database, Clockwork clock, Work work, Handler handler) {
    this.database = database;
    this.clock = clock;
    this.work = work;
    this.handler = handler;
  }

  /** Runs the deliveries that fall due at {@code at}, unless a run is due sooner. */
  synchronized void scheduleAt(long at) {
    if (stopped || at >= nextRunAt) {
      return;
    }
    if (nextRun != null) {
      nextRun.cancel();
    }
    nextRunAt = at;
    nextRun = clock.at(at, () -> work.track(runDue()));
  }

  /** Claims and hands on what fell due, then schedules the next run. */
  CompletableFuture<Void> runDue() {
    synchronized (this) {
      nextRun = null;
      nextRunAt = Long.MAX_VALUE;
      if (stopped) {
        return CompletableFuture.completedFuture(null);
      }
    }
    long now = clock.now();
    return claim(DUE, now, DeliveryClaim.DUE)
        .thenCompose(count -> claim(LAPSED, now, DeliveryClaim.LAPSED))
        .thenCompose(count -> database.one(NEXT_DUE, Tuple.tuple()))
        .thenAccept(
            row -> {
              Long next = row.getLong(0);
              if (next != null) {
                scheduleAt(Math.max(next, now + 1));
              }
            })
        .exceptionally(
            error -> {
              log.warn("Push deliveries could not be claimed: {}", error.getMessage());
              scheduleAt(clock.now() + 1_000);
              return null;
            });
  }

  private CompletableFuture<Integer> claim(String sql, long now, DeliveryClaim claim) {
    return database
        .run(sql, Tuple.of(now, BATCH))
        .thenCompose(
            rows -> {
              List<CompletableFuture<Void>> handled = new ArrayList<>();
              for (Row row : rows) {
                DeliveryKey key = new DeliveryKey(row.getLong(0), row.getLong(1), row.getString(2));
                handled.add(handler.due(key, claim));
              }
              return CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new))
                  .thenCompose(
                      done ->
                          rows.size() == BATCH
                              ? claim(sql, now, claim)
                              : CompletableFuture.completedFuture(rows.size()));
            });
  }

  /** Schedules nothing more. */
  synchronized void stop() {
    stopped = true;
    if (nextRun != null) {
      nextRun.cancel();
    }
  }
}
