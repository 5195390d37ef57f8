package dev.ironmq.backend;

/**
 * What happens to messages, told as it happens, for monitoring. A backend calls it on its own
 * threads once an operation is applied (before it is durable: an operation whose write then fails
 * has still been counted), so an implementation must be thread-safe and must not block.
 */
@FunctionalInterface
public interface MessageEvents {
  /** What happened to messages of a queue. */
  enum Kind {
    /** Posted to the queue: by a client, a push copy, an alert, an error report, a dead letter. */
    POSTED,
    /** Reserved by a consumer (a reserve with {@code delete} counts as deleted too). */
    RESERVED,
    /** Deleted by a consumer, one by one or in a batch (not by clearing the queue). */
    DELETED,
    /** Released by a consumer before its reservation ended. */
    RELEASED,
    /** Back in the queue because its reservation ended without a delete. */
    TIMED_OUT,
    /** Gone because its lifetime ended. */
    EXPIRED,
    /** Moved to the queue's dead-letter queue after too many reservations. */
    DEAD_LETTERED
  }

  void happened(QueueRef queue, Kind kind, int count);

  /** Tells nobody. */
  MessageEvents NONE = (queue, kind, count) -> {};
}
