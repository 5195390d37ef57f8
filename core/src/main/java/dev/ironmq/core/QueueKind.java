package dev.ironmq.core;

import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.store.DeliveryRecord;
import java.util.List;
import java.util.Optional;

/**
 * What differs between a pull queue, whose messages wait to be reserved, and a push queue, which
 * delivers each message to its subscribers. Everything else a queue does (reserves, deletes,
 * touches, expiry, long polls) is the same for both and lives in {@link QueueState}: a pull queue
 * turned push keeps serving the pull messages it had.
 */
sealed interface QueueKind permits PullQueue, PushQueue {
  /** A message new to the queue (posted, or moved here), visible from {@code availableAt}. */
  void accept(MessageEntry entry, long availableAt, Task task);

  /** A message left the queue (deleted, expired, cleared, moved on): nothing more is owed it. */
  void removed(MessageEntry entry);

  /** Every message left the queue. */
  void cleared();

  /** The queue's settings changed. */
  void reconfigured(QueueConfig config);

  /** Messages still held that the size no longer counts: push messages given up on. */
  int uncounted();

  /** Does what time brought due: attempts, ends of receipts' retention. */
  void advance(Task task);

  /** When it next needs to run with no request, or {@link Long#MAX_VALUE}. */
  long nextWakeAt();

  /** A delivered push message, readable with its statuses for a while after it left the queue. */
  Optional<PushReceipt> receipt(long messageId);

  /** Forgets a receipt (a client deleted the message); false when there is none. */
  boolean removeReceipt(long messageId);

  /** The push statuses of a message the queue holds or has a receipt of. */
  List<PushStatus> statuses(long messageId);

  /** Acknowledges a 202 (§5.6). */
  void acknowledge(
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check,
      Task task);

  /** The answer to an attempt the queue started. */
  void outcome(
      long messageId,
      String deliveryKey,
      String reservationId,
      PushOutcome outcome,
      boolean recorded,
      Task task);

  /** Puts back a stored message that has push deliveries, resuming them. */
  void restore(MessageEntry entry, List<DeliveryRecord> deliveries, long now);
}
