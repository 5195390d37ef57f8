package dev.ironmq.store;

import java.util.Map;

/**
 * The immutable part of a message, written once when the message is posted.
 *
 * @param queueId the queue it is in
 * @param messageId unique, increasing with posting time
 * @param body the body exactly as posted
 * @param postedAt epoch milliseconds
 * @param expiresAt epoch milliseconds after which the message is gone
 * @param availableAt epoch milliseconds before which a delayed message is hidden
 * @param timeoutSeconds the message's own reservation length (API v1); 0 for the queue's
 * @param pushHeaders extra headers for push deliveries of this message
 */
public record MessageRecord(
    long queueId,
    long messageId,
    String body,
    long postedAt,
    long expiresAt,
    long availableAt,
    int timeoutSeconds,
    Map<String, String> pushHeaders) {
  public MessageRecord {
    pushHeaders = Map.copyOf(pushHeaders);
  }
}
