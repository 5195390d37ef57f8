package dev.ironmq.client;

/**
 * How a push message's delivery to one subscriber stands.
 *
 * @param name the subscriber
 * @param url where it was delivered
 * @param status {@code queued}, {@code reserved} (202, awaiting acknowledgement), {@code retrying},
 *     {@code deleted} (delivered) or {@code error} (failed for good)
 * @param statusCode the last HTTP status the subscriber answered (0 before any)
 * @param tries attempts so far
 * @param retriesRemaining attempts left
 * @param lastTryAt when it was last tried (ISO-8601), or null
 */
public record SubscriberStatus(
    String name,
    String url,
    String status,
    int statusCode,
    int tries,
    int retriesRemaining,
    String lastTryAt) {}
