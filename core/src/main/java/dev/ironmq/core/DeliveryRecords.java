package dev.ironmq.core;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.push.Delivery;
import dev.ironmq.store.DeliveryRecord;
import java.util.List;

/**
 * A push delivery as the journal keeps it, and back. The journal knows a unicast delivery by its
 * empty subscriber name; what is in flight is never written.
 */
final class DeliveryRecords {
  private DeliveryRecords() {}

  static DeliveryRecord of(Delivery delivery, long queueId, long messageId) {
    int round = 0;
    int cursor = 0;
    if (delivery instanceof Delivery.Unicast unicast) {
      round = unicast.round();
      cursor = unicast.cursor();
    }
    return new DeliveryRecord(
        queueId,
        messageId,
        delivery.key(),
        delivery.status(),
        delivery.tries(),
        round,
        cursor,
        delivery.lastTryAt(),
        delivery.nextAttemptAt(),
        delivery.reservationId(),
        delivery.results());
  }

  static Delivery from(DeliveryRecord record) {
    List<AttemptResult> results = record.results();
    if (!record.subscriberName().isEmpty()) {
      return new Delivery.Multicast(
          record.subscriberName(),
          record.status(),
          record.tries(),
          record.lastTryAt(),
          record.nextAttemptAt(),
          record.reservationId(),
          results,
          false);
    }
    return new Delivery.Unicast(
        record.round(),
        record.cursor(),
        results.isEmpty() ? "" : results.get(results.size() - 1).subscriberName(),
        record.status(),
        record.tries(),
        record.lastTryAt(),
        record.nextAttemptAt(),
        record.reservationId(),
        results,
        false);
  }
}
