package dev.ironmq.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.push.Delivery;
import dev.ironmq.backend.push.DeliveryRules;
import dev.ironmq.backend.stored.StoredCodes;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A push delivery as a row of {@code deliveries}, and back. What is settled is in the row's first
 * columns; an attempt in flight is its lease ({@code attempt_reservation}, {@code
 * attempt_started_at}), which a delivery read back is made {@link Delivery#attempting} again from.
 * Statuses are stored under the codes every backend shares ({@link StoredCodes}).
 */
final class DeliveryRows {
  /** The columns read, in the order {@link #from} expects them. */
  static final String COLUMNS =
      "d.subscriber, d.status, d.tries, d.round, d.cursor, d.last_try_at, d.next_attempt_at,"
          + " d.reservation_id, d.results::text, d.attempt_reservation, d.attempt_started_at";

  private DeliveryRows() {}

  /**
   * The delivery in a row whose columns start at {@code first} as {@link #COLUMNS} lists them; in
   * flight when the row holds a lease.
   */
  static Delivery from(Row row, int first, PushPolicy policy, long messageId) {
    return from(row, first, policy, messageId, true);
  }

  /**
   * The delivery in such a row; without {@code withLease}, as settled, whatever lease the row holds
   * (an attempt whose lease ran out is made again).
   */
  static Delivery from(Row row, int first, PushPolicy policy, long messageId, boolean withLease) {
    String key = row.getString(first);
    DeliveryStatus status = StoredCodes.deliveryStatus(row.getInteger(first + 1));
    int tries = row.getInteger(first + 2);
    long lastTryAt = row.getLong(first + 5);
    long nextAttemptAt = row.getLong(first + 6);
    String reservationId = row.getString(first + 7);
    List<AttemptResult> results = results(row.getString(first + 8));
    Delivery settled =
        key.isEmpty()
            ? new Delivery.Unicast(
                row.getInteger(first + 3),
                row.getInteger(first + 4),
                results.isEmpty() ? "" : results.get(results.size() - 1).subscriberName(),
                status,
                tries,
                lastTryAt,
                nextAttemptAt,
                reservationId,
                results,
                false)
            : new Delivery.Multicast(
                key, status, tries, lastTryAt, nextAttemptAt, reservationId, results, false);
    String attempt = row.getString(first + 9);
    if (attempt == null || !withLease) {
      return settled;
    }
    String subscriber =
        DeliveryRules.subscriberFor(settled, policy, messageId).map(Subscriber::name).orElse(key);
    return settled.attempting(subscriber, attempt, row.getLong(first + 10));
  }

  /**
   * The columns of a settled delivery, for {@code UPDATE deliveries SET status = $1, tries = $2,
   * round = $3, cursor = $4, last_try_at = $5, next_attempt_at = $6, reservation_id = $7, results =
   * $8::text::jsonb}. An attempt in flight is never written but as a lease.
   */
  static Tuple columns(Delivery delivery) {
    if (delivery.inFlight()) {
      throw new IllegalArgumentException("an attempt in flight is a lease, not a state");
    }
    int round = 0;
    int cursor = 0;
    if (delivery instanceof Delivery.Unicast unicast) {
      round = unicast.round();
      cursor = unicast.cursor();
    }
    return Tuple.of(
            (short) StoredCodes.code(delivery.status()),
            delivery.tries(),
            round,
            cursor,
            delivery.lastTryAt(),
            delivery.nextAttemptAt(),
            delivery.reservationId())
        .addString(results(delivery.results()));
  }

  static List<AttemptResult> results(String json) {
    List<AttemptResult> results = new ArrayList<>();
    for (JsonNode result : ConfigJson.read(json)) {
      results.add(
          new AttemptResult(
              result.get("subscriber").asText(),
              result.get("status_code").asInt(),
              result.get("message").asText()));
    }
    return results;
  }

  static String results(List<AttemptResult> results) {
    ArrayNode array = ConfigJson.mapper().createArrayNode();
    for (AttemptResult result : results) {
      array
          .addObject()
          .put("subscriber", result.subscriberName())
          .put("status_code", result.statusCode())
          .put("message", result.message());
    }
    return array.toString();
  }
}
