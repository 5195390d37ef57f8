package dev.ironmq.postgres;

import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.backend.push.Delivery;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * Which delivery an acknowledgement (a 202's {@code DELETE .../subscribers/{name}}) is for, once
 * the rules say it may be acknowledged: the same answers, in the same order, as the embedded
 * engine's.
 */
final class PushAcknowledgements {
  private static final String LOAD =
      "SELECT "
          + DeliveryRows.COLUMNS
          + ", m.state, q.config::text, q.id FROM queues q"
          + " LEFT JOIN messages m ON m.queue_id = q.id AND m.id = $3"
          + " AND (m.expires_at > $4 OR m.state = 2)"
          + " LEFT JOIN deliveries d ON d.queue_id = m.queue_id AND d.message_id = m.id"
          + " WHERE q.project_id = $1 AND q.name = $2";

  private PushAcknowledgements() {}

  /** The delivery acknowledged, or a failed future with the problem that refuses it. */
  static Future<DeliveryKey> find(
      SqlConnection connection,
      QueueRef ref,
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check,
      long now) {
    return Database.run(connection, LOAD, Tuple.of(ref.projectId(), ref.name(), messageId, now))
        .map(rows -> acknowledged(rows, messageId, subscriberName, reservationId, check));
  }

  private static DeliveryKey acknowledged(
      Iterable<Row> rows,
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check) {
    Delivery match = null;
    long queueId = -1;
    boolean any = false;
    for (Row row : rows) {
      queueId = row.getLong(13);
      if (row.getValue(11) == null) {
        break;
      }
      any = true;
      int state = row.getInteger(11);
      if (state == 2) {
        throw ProblemException.of(
            new Problem.ReservationMismatch("The message was delivered; nothing is awaited"));
      }
      if (state == 0 || row.getString(0) == null) {
        throw ProblemException.invalid("The message has no push deliveries to acknowledge");
      }
      PushPolicy policy = ConfigJson.decode(row.getString(12)).push().orElseThrow();
      Delivery d = DeliveryRows.from(row, 0, policy, messageId);
      if (d.key().equals(subscriberName)
          || (d.key().isEmpty() && d.attemptSubscriber().equals(subscriberName))) {
        match = d;
      }
    }
    if (queueId < 0) {
      throw ProblemException.of(Problem.queueNotFound());
    }
    if (!any) {
      throw ProblemException.of(Problem.messageNotFound());
    }
    if (match == null) {
      throw ProblemException.of(
          new Problem.MessageNotFound(
              "The message has no delivery to subscriber " + subscriberName));
    }
    if (!match.awaitsAcknowledgement()) {
      throw ProblemException.of(
          new Problem.ReservationMismatch(
              "No acknowledgement is awaited from " + subscriberName + " for this message"));
    }
    if (check == ReservationCheck.CURRENT_RESERVATION
        && !reservationId.map(match.reservationId()::equals).orElse(false)) {
      throw ProblemException.of(
          new Problem.ReservationMismatch("Reservation timed out or was replaced"));
    }
    return new DeliveryKey(queueId, messageId, match.key());
  }
}
