package dev.ironmq.backend;

import java.util.Map;

/**
 * One attempt to deliver a push message to one subscriber.
 *
 * @param queue the push queue
 * @param messageId the message
 * @param body the message body, sent unchanged
 * @param subscriber the subscriber, as configured at the moment of the attempt
 * @param pushHeaders the message's own push headers
 * @param reservationId this attempt's reservation, which acknowledges a 202
 */
public record PushAttempt(
    QueueRef queue,
    long messageId,
    String body,
    Subscriber subscriber,
    Map<String, String> pushHeaders,
    String reservationId) {}
