package dev.ironmq.core;

import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.QueueRef;

/**
 * What a queue needs of its surroundings, and no more: ids for new messages and reservations, how
 * long delivered push messages stay readable, and the writer of the bodies of messages the server
 * posts itself. A queue holds no reference to its shard or to the engine.
 *
 * @param messageIds message ids, shared by all queues
 * @param reservationIds reservation ids, one generator per shard
 * @param pushRetentionMillis how long a delivered push message stays readable
 * @param messages the writer of alert and error-report bodies
 * @param events told of what happens to messages, for monitoring
 */
record QueueContext(
    MessageIds messageIds,
    ReservationIds reservationIds,
    long pushRetentionMillis,
    InternalMessages messages,
    MessageEvents events) {

  /**
   * Tells the events that {@code count} messages of the queue had this happen; none is no event.
   */
  void tell(QueueRef queue, MessageEvents.Kind kind, int count) {
    if (count > 0) {
      events.happened(queue, kind, count);
    }
  }
}
