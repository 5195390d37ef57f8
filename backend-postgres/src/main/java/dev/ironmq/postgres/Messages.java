package dev.ironmq.postgres;

import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.backend.push.Delivery;
import dev.ironmq.backend.push.PushStatuses;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The message operations of the API as statements: each change is one call of a function of the
 * schema, each read one query. Expired messages are never read, whether or not housekeeping has
 * removed them yet.
 */
final class Messages {
  private static final String RESERVE =
      "SELECT queue_id, config::text, ids, bodies, reserved_counts, reservation_ids, timeouts,"
          + " sizes, dead_lettered FROM reserve_messages($1, $2, $3, $4, $5, $6, $7::text::jsonb)";
  private static final String DELETE =
      "SELECT queue_id, config::text, sizes FROM delete_messages($1, $2, $3, $4, $5, $6)";
  private static final String CLEAR =
      "SELECT queue_id, config::text, sizes FROM clear_messages($1, $2, $3)";
  private static final String TOUCH =
      "SELECT body, reserved_count, reservation_id, timeout"
          + " FROM touch_message($1, $2, $3, $4, $5, $6, $7)";
  private static final String RELEASE =
      "SELECT release_message($1, $2, $3, $4, $5, $6, $7), (queue_named($1, $2)).id";
  private static final String INFO =
      "SELECT config::text, size, total FROM queue_info($1, $2, $3, $4)";

  /** Available messages in the order a reserve takes them: returned ones first, then the rest. */
  private static final String PEEK =
      "WITH q AS (SELECT * FROM queue_named($1, $2))"
          + " SELECT a.id, a.body, a.reserved_count, a.timeout, q.config->>'message_timeout' FROM ("
          + " (SELECT m.id, m.body, m.reserved_count, m.timeout, 0 AS part,"
          + " row_number() OVER (ORDER BY m.visible_at DESC, m.id DESC) AS place"
          + " FROM messages m, q WHERE m.queue_id = q.id AND m.returned AND m.state = 0"
          + " AND m.visible_at <= $3 AND m.expires_at > $3"
          + " ORDER BY m.visible_at DESC, m.id DESC LIMIT $4)"
          + " UNION ALL"
          + " (SELECT m.id, m.body, m.reserved_count, m.timeout, 1,"
          + " row_number() OVER (ORDER BY m.visible_at, m.id)"
          + " FROM messages m, q WHERE m.queue_id = q.id AND NOT m.returned AND m.state = 0"
          + " AND m.visible_at <= $3 AND m.expires_at > $3"
          + " ORDER BY m.visible_at, m.id LIMIT $4)) a, q"
          + " ORDER BY a.part, a.place LIMIT $4";

  /** One message with its deliveries (one row per delivery, or one row with none). */
  private static final String GET =
      "WITH q AS (SELECT * FROM queue_named($1, $2))"
          + " SELECT "
          + DeliveryRows.COLUMNS
          + ", m.body, m.reserved_count, m.reservation_id, m.visible_at, m.timeout, m.state,"
          + " m.finished_at, q.config::text"
          + " FROM q JOIN messages m ON m.queue_id = q.id AND m.id = $3"
          + " LEFT JOIN deliveries d ON d.queue_id = m.queue_id AND d.message_id = m.id"
          + " WHERE (m.state <> 2 AND m.expires_at > $4) OR (m.state = 2 AND m.finished_at + $5 > $4)"
          + " ORDER BY d.subscriber";

  private final Database database;
  private final Clockwork clock;
  private final PostgresSettings settings;

  Messages(Database database, Clockwork clock, PostgresSettings settings) {
    this.database = database;
    this.clock = clock;
    this.settings = settings;
  }

  /** A change of a queue's messages: the queue, its settings, and its size before and after. */
  record Changed(long queueId, QueueConfig config, Optional<long[]> sizes) {}

  /** What a reserve took, and how many messages it moved to the dead-letter queue. */
  record Taken(
      long queueId,
      QueueConfig config,
      Optional<long[]> sizes,
      List<ReservedMessage> messages,
      long deadLettered) {}

  CompletableFuture<QueueInfo> info(QueueRef ref) {
    return database
        .one(INFO, Tuple.of(ref.projectId(), ref.name(), clock.now(), retentionMillis()))
        .thenApply(
            row ->
                new QueueInfo(
                    ref, row.getLong(1), row.getLong(2), ConfigJson.decode(row.getString(0))));
  }

  CompletableFuture<Taken> reserve(QueueRef ref, ReserveRequest request, QueueSettings queues) {
    return database
        .one(
            RESERVE,
            Tuple.of(
                    ref.projectId(),
                    ref.name(),
                    clock.now(),
                    request.count(),
                    request.timeoutSeconds(),
                    request.delete())
                .addString(queues.newQueueConfig(ref)))
        .thenApply(
            row -> {
              Long[] ids = row.getArrayOfLongs(2);
              Buffer[] bodies = row.getArrayOfBuffers(3);
              Integer[] counts = row.getArrayOfIntegers(4);
              String[] reservations = row.getArrayOfStrings(5);
              Integer[] timeouts = row.getArrayOfIntegers(6);
              List<ReservedMessage> taken = new ArrayList<>(ids.length);
              for (int i = 0; i < ids.length; i++) {
                taken.add(
                    new ReservedMessage(
                        ids[i], Bodies.text(bodies[i]), counts[i], reservations[i], timeouts[i]));
              }
              return new Taken(
                  row.getLong(0),
                  ConfigJson.decode(row.getString(1)),
                  sizes(row, 7),
                  taken,
                  row.getLong(8));
            });
  }

  CompletableFuture<List<MessageView>> peek(QueueRef ref, int count) {
    return database
        .run(PEEK, Tuple.of(ref.projectId(), ref.name(), clock.now(), count))
        .thenApply(
            rows -> {
              List<MessageView> views = new ArrayList<>();
              for (Row row : rows) {
                int own = row.getInteger(3);
                int timeout = own > 0 ? own : Integer.parseInt(row.getString(4));
                views.add(
                    new MessageView(
                        row.getLong(0),
                        Bodies.text(row.getBuffer(1)),
                        row.getInteger(2),
                        false,
                        timeout,
                        List.of()));
              }
              return views;
            });
  }

  CompletableFuture<MessageView> get(QueueRef ref, long messageId) {
    long now = clock.now();
    return load(ref, messageId, now)
        .thenApply(
            rows -> {
              Row row = rows.iterator().next();
              QueueConfig config = ConfigJson.decode(row.getString(18));
              int state = row.getInteger(16);
              List<PushStatus> statuses = statuses(rows, config, messageId);
              if (state == 2) {
                return new MessageView(
                    messageId, Bodies.text(row.getBuffer(11)), 0, false, 0, statuses);
              }
              int own = row.getInteger(15);
              boolean reserved = state == 0 && row.getString(13) != null && row.getLong(14) > now;
              return new MessageView(
                  messageId,
                  Bodies.text(row.getBuffer(11)),
                  row.getInteger(12),
                  reserved,
                  own > 0 ? own : config.messageTimeoutSeconds(),
                  statuses);
            });
  }

  CompletableFuture<List<PushStatus>> pushStatuses(QueueRef ref, long messageId) {
    return load(ref, messageId, clock.now())
        .thenApply(
            rows ->
                statuses(rows, ConfigJson.decode(rows.iterator().next().getString(18)), messageId));
  }

  private CompletableFuture<RowSet<Row>> load(QueueRef ref, long messageId, long now) {
    return database
        .run(GET, Tuple.of(ref.projectId(), ref.name(), messageId, now, retentionMillis()))
        .thenApply(
            rows -> {
              if (rows.size() == 0) {
                throw ProblemException.of(Problem.messageNotFound());
              }
              return rows;
            });
  }

  /** A push message's statuses: one per delivery; none for a pull message. */
  private static List<PushStatus> statuses(RowSet<Row> rows, QueueConfig config, long messageId) {
    Optional<PushPolicy> policy = config.push();
    List<Delivery> deliveries = new ArrayList<>();
    for (Row row : rows) {
      if (row.getString(0) != null && policy.isPresent()) {
        deliveries.add(DeliveryRows.from(row, 0, policy.get(), messageId));
      }
    }
    return deliveries.isEmpty() ? List.of() : PushStatuses.of(deliveries, policy.get(), messageId);
  }

  CompletableFuture<Changed> delete(
      QueueRef ref, List<DeleteTarget> targets, ReservationCheck check) {
    Long[] ids = new Long[targets.size()];
    String[] reservations = new String[targets.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = targets.get(i).messageId();
      reservations[i] = targets.get(i).reservationId().orElse(null);
    }
    return database
        .one(
            DELETE,
            Tuple.of(ref.projectId(), ref.name(), clock.now())
                .addArrayOfLong(ids)
                .addArrayOfString(reservations)
                .addBoolean(check == ReservationCheck.CURRENT_RESERVATION))
        .thenApply(this::changed);
  }

  CompletableFuture<Changed> clear(QueueRef ref) {
    return database
        .one(CLEAR, Tuple.of(ref.projectId(), ref.name(), clock.now()))
        .thenApply(this::changed);
  }

  CompletableFuture<ReservedMessage> touch(
      QueueRef ref,
      long messageId,
      Optional<String> reservationId,
      int timeoutSeconds,
      ReservationCheck check) {
    return database
        .one(
            TOUCH,
            Tuple.of(
                    ref.projectId(),
                    ref.name(),
                    clock.now(),
                    messageId,
                    reservationId.orElse(null),
                    check == ReservationCheck.CURRENT_RESERVATION)
                .addInteger(timeoutSeconds))
        .thenApply(
            row ->
                new ReservedMessage(
                    messageId,
                    Bodies.text(row.getBuffer(0)),
                    row.getInteger(1),
                    row.getString(2),
                    row.getInteger(3)));
  }

  /** Ends a reservation early; answers the queue's id. */
  CompletableFuture<Long> release(
      QueueRef ref,
      long messageId,
      Optional<String> reservationId,
      int delaySeconds,
      ReservationCheck check) {
    return database
        .one(
            RELEASE,
            Tuple.of(
                    ref.projectId(),
                    ref.name(),
                    clock.now(),
                    messageId,
                    reservationId.orElse(null),
                    check == ReservationCheck.CURRENT_RESERVATION)
                .addInteger(delaySeconds))
        .thenApply(row -> row.getLong(1));
  }

  private Changed changed(Row row) {
    return new Changed(row.getLong(0), ConfigJson.decode(row.getString(1)), sizes(row, 2));
  }

  private static Optional<long[]> sizes(Row row, int column) {
    Long[] sizes = row.getArrayOfLongs(column);
    return sizes == null ? Optional.empty() : Optional.of(new long[] {sizes[0], sizes[1]});
  }

  private long retentionMillis() {
    return settings.pushRetention().toMillis();
  }
}
