package dev.ironmq.postgres;

import dev.ironmq.backend.BrowsePage;
import dev.ironmq.backend.BrowseRequest;
import dev.ironmq.backend.BrowseState;
import dev.ironmq.backend.BrowsedMessage;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.push.Delivery;
import dev.ironmq.backend.push.PushStatuses;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Browsing a queue: one query reads a page of its unexpired messages in id order, along the primary
 * key, with the deliveries of the push messages among them. It locks and changes nothing.
 */
final class Browsing {
  /**
   * The page's messages (one more than asked, to tell whether there are more), each with its
   * deliveries: one row per delivery, or one row with none. A message's state is numbered in the
   * order of {@link BrowseState}.
   */
  private static final String PAGE =
      "WITH q AS (SELECT * FROM queue_named($1, $2)),"
          + " page AS (SELECT * FROM ("
          + " SELECT m.id, m.body, m.posted_at, m.expires_at, m.visible_at, m.reserved_count,"
          + " m.timeout, CASE WHEN m.state <> 0 THEN 3 WHEN m.visible_at <= $3 THEN 0"
          + " WHEN m.reservation_id IS NOT NULL THEN 2 ELSE 1 END AS browse_state"
          + " FROM messages m, q WHERE m.queue_id = q.id AND m.id > $4 AND m.state <> 2"
          + " AND m.expires_at > $3 AND substr(m.body, 1, length($5::bytea)) = $5::bytea) s"
          + " WHERE s.browse_state = ANY($6) ORDER BY s.id LIMIT $7)"
          + " SELECT page.id, page.body, page.posted_at, page.expires_at, page.visible_at,"
          + " page.reserved_count, page.timeout, page.browse_state, q.config::text, "
          + DeliveryRows.COLUMNS
          + " FROM page CROSS JOIN q"
          + " LEFT JOIN deliveries d ON d.queue_id = q.id AND d.message_id = page.id"
          + " ORDER BY page.id, d.subscriber";

  private static final int FIRST_DELIVERY_COLUMN = 9;
  private static final BrowseState[] STATES = BrowseState.values();

  private final Database database;
  private final Clockwork clock;

  Browsing(Database database, Clockwork clock) {
    this.database = database;
    this.clock = clock;
  }

  CompletableFuture<BrowsePage> browse(QueueRef ref, BrowseRequest request) {
    Integer[] states = request.states().stream().map(Enum::ordinal).toArray(Integer[]::new);
    return database
        .run(
            PAGE,
            Tuple.of(
                    ref.projectId(),
                    ref.name(),
                    clock.now(),
                    request.afterId(),
                    Bodies.bytes(request.bodyPrefix()))
                .addArrayOfInteger(states)
                .addInteger(request.count() + 1))
        .thenApply(
            rows -> {
              List<BrowsedMessage> page = new ArrayList<>();
              List<Row> messageRows = new ArrayList<>();
              for (Row row : rows) {
                boolean sameMessage =
                    !messageRows.isEmpty()
                        && messageRows.get(0).getLong(0).longValue() == row.getLong(0);
                if (!sameMessage && !messageRows.isEmpty()) {
                  page.add(message(messageRows));
                  messageRows.clear();
                }
                messageRows.add(row);
              }
              if (!messageRows.isEmpty()) {
                page.add(message(messageRows));
              }
              if (page.size() <= request.count()) {
                return new BrowsePage(page, OptionalLong.empty());
              }
              List<BrowsedMessage> shown = List.copyOf(page.subList(0, request.count()));
              return new BrowsePage(shown, OptionalLong.of(shown.get(shown.size() - 1).id()));
            });
  }

  /** A message from its rows: the same message columns, then one delivery each (if any). */
  private static BrowsedMessage message(List<Row> rows) {
    Row row = rows.get(0);
    long id = row.getLong(0);
    BrowseState state = STATES[row.getInteger(7)];
    QueueConfig config = ConfigJson.decode(row.getString(8));
    int own = row.getInteger(6);
    boolean waiting = state == BrowseState.DELAYED || state == BrowseState.RESERVED;
    return new BrowsedMessage(
        id,
        Bodies.text(row.getBuffer(1)),
        state,
        row.getLong(2),
        row.getLong(3),
        waiting ? row.getLong(4) : 0,
        row.getInteger(5),
        own > 0 ? own : config.messageTimeoutSeconds(),
        statuses(rows, config.push(), id));
  }

  private static List<PushStatus> statuses(
      List<Row> rows, Optional<PushPolicy> policy, long messageId) {
    if (policy.isEmpty()) {
      return List.of();
    }
    List<Delivery> deliveries = new ArrayList<>();
    for (Row row : rows) {
      if (row.getString(FIRST_DELIVERY_COLUMN) != null) {
        deliveries.add(DeliveryRows.from(row, FIRST_DELIVERY_COLUMN, policy.get(), messageId));
      }
    }
    return deliveries.isEmpty() ? List.of() : PushStatuses.of(deliveries, policy.get(), messageId);
  }
}
