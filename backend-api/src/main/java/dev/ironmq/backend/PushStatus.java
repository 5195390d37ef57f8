package dev.ironmq.backend;

import java.util.OptionalLong;

/**
 * One subscriber's view of a push message, as the push-status API shows it.
 *
 * @param subscriberName the subscriber
 * @param url its URL
 * @param status where the delivery stands
 * @param statusCode the last HTTP status, or 0 before the first answer
 * @param tries attempts made
 * @param retriesRemaining attempts (multicast) or rounds (unicast) still allowed
 * @param retriesDelaySeconds the pause between retries
 * @param lastTryAt epoch milliseconds of the last attempt, if any
 */
public record PushStatus(
    String subscriberName,
    String url,
    DeliveryStatus status,
    int statusCode,
    int tries,
    int retriesRemaining,
    int retriesDelaySeconds,
    OptionalLong lastTryAt) {}
