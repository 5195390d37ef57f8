package dev.ironmq.postgres;

/**
 * How an event came to a delivery: from outside (an answer, an acknowledgement), or claimed as due
 * or as a lease that ran out, which must still be so once the delivery is locked: another node may
 * have claimed it between the claim and the lock. Each loads the delivery, its message and its
 * queue, and locks the delivery and the message.
 */
enum DeliveryClaim {
  NONE(""),
  DUE(" AND d.lease_until IS NULL AND d.next_attempt_at <= $4" + DeliveryClaim.PUSHING_CONDITION),
  LAPSED(
      " AND d.lease_until IS NOT NULL AND d.lease_until <= $4" + DeliveryClaim.PUSHING_CONDITION);

  /** A claim is dropped when its queue's pushing was paused since. */
  private static final String PUSHING_CONDITION =
      " AND NOT coalesce((q.config->'pause'->>'push')::boolean, false)";

  /** The query that loads and locks the delivery: $1 to $3 its key, $4 the time now if claimed. */
  final String load;

  DeliveryClaim(String condition) {
    this.load =
        "SELECT "
            + DeliveryRows.COLUMNS
            + ", m.body, m.push_headers::text, m.state, q.config::text, q.project_id, q.name"
            + " FROM deliveries d JOIN messages m ON m.queue_id = d.queue_id AND m.id = d.message_id"
            + " JOIN queues q ON q.id = d.queue_id"
            + " WHERE d.queue_id = $1 AND d.message_id = $2 AND d.subscriber = $3"
            + condition
            + " FOR UPDATE OF d, m";
  }
}
