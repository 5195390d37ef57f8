package dev.ironmq.core;

import dev.ironmq.backend.NewMessage;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import java.util.Comparator;
import java.util.Map;

/**
 * A message in a queue's {@link MessageIndex}: what was posted, and the little that changes (its
 * reservation, when it is next visible, where it is). Owned by the queue's shard thread.
 */
final class MessageEntry {
  /** Where a message is; each place but the last two has its own structure in the index. */
  enum Place {
    AVAILABLE,
    DELAYED,
    RESERVED,
    /** Taken out of the available ones by a reserve, about to be reserved or removed. */
    TAKEN,
    /** Held by a push queue while its deliveries run. */
    HELD,
    GONE
  }

  /** Orders entries by the time they next change (visible-at), then by id. */
  static final Comparator<MessageEntry> BY_VISIBLE_AT =
      Comparator.<MessageEntry>comparingLong(e -> e.visibleAt).thenComparingLong(e -> e.id);

  /** Orders entries by the time they expire, then by id. */
  static final Comparator<MessageEntry> BY_EXPIRY =
      Comparator.<MessageEntry>comparingLong(e -> e.expiresAt).thenComparingLong(e -> e.id);

  final long id;
  final String body;
  final long postedAt;
  final long expiresAt;
  final int timeoutSeconds;
  final Map<String, String> pushHeaders;

  int reservedCount;
  String reservationId = "";

  /**
   * The end of the reservation (reserved) or of the delay (delayed); for an available message, the
   * moment it became available.
   */
  long visibleAt;

  Place place = Place.AVAILABLE;

  /** A delayed message that was released goes to the front when due; a posted one to the back. */
  boolean returnsToFront;

  MessageEntry(
      long id,
      String body,
      long postedAt,
      long expiresAt,
      int timeoutSeconds,
      Map<String, String> pushHeaders) {
    this.id = id;
    this.body = body;
    this.postedAt = postedAt;
    this.expiresAt = expiresAt;
    this.timeoutSeconds = timeoutSeconds;
    this.pushHeaders = pushHeaders;
  }

  /** A message just posted; it expires after its own lifetime, or else the queue's. */
  static MessageEntry posted(long id, NewMessage message, long now, int queueLifetimeSeconds) {
    int lifetime =
        message.expiresInSeconds() > 0 ? message.expiresInSeconds() : queueLifetimeSeconds;
    return new MessageEntry(
        id,
        message.body(),
        now,
        now + lifetime * 1000L,
        message.timeoutSeconds(),
        message.pushHeaders());
  }

  /**
   * A message moved in from another queue (a dead letter), available now: it keeps its id, body and
   * reservation count, and starts a new lifetime here.
   */
  static MessageEntry moved(MessageRecord moved, int reservedCount, long now, int lifetimeSeconds) {
    MessageEntry entry =
        new MessageEntry(
            moved.messageId(),
            moved.body(),
            now,
            now + lifetimeSeconds * 1000L,
            moved.timeoutSeconds(),
            moved.pushHeaders());
    entry.reservedCount = reservedCount;
    entry.visibleAt = now;
    return entry;
  }

  static MessageEntry from(MessageRecord record) {
    return new MessageEntry(
        record.messageId(),
        record.body(),
        record.postedAt(),
        record.expiresAt(),
        record.timeoutSeconds(),
        record.pushHeaders());
  }

  MessageRecord record(long queueId, long availableAt) {
    return new MessageRecord(
        queueId, id, body, postedAt, expiresAt, availableAt, timeoutSeconds, pushHeaders);
  }

  MessageState state(long queueId) {
    return new MessageState(queueId, id, reservedCount, reservationId, visibleAt);
  }

  boolean isGone() {
    return place == Place.GONE;
  }
}
