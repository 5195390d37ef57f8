package dev.ironmq.store;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.DeliveryStatus;
import java.util.List;

/**
 * The state of a push message's delivery. A multicast queue keeps one per subscriber; a unicast
 * queue keeps one per message (subscriber name empty), which moves from subscriber to subscriber.
 *
 * @param queueId the push queue
 * @param messageId the message
 * @param subscriberName the subscriber (multicast), or empty (unicast)
 * @param status where it stands
 * @param tries attempts made so far
 * @param round unicast: rounds over all subscribers that failed so far; multicast: unused (0)
 * @param cursor unicast: the position, in the subscriber list, of the next (or current) attempt
 * @param lastTryAt epoch milliseconds of the last attempt, or 0
 * @param nextAttemptAt epoch milliseconds of the next attempt; for a 202, when its reservation ends
 * @param reservationId the reservation of the current attempt, which a subscriber shows to
 *     acknowledge a 202
 * @param results the last answer of each subscriber tried (multicast: at most one entry)
 */
public record DeliveryRecord(
    long queueId,
    long messageId,
    String subscriberName,
    DeliveryStatus status,
    int tries,
    int round,
    int cursor,
    long lastTryAt,
    long nextAttemptAt,
    String reservationId,
    List<AttemptResult> results) {
  public DeliveryRecord {
    results = List.copyOf(results);
  }
}
