package dev.ironmq.backend;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an alert posts to its queue when it fires (§6.2, with the readings of the alert kinds this
 * server adds).
 *
 * @param sourceQueue the queue the alert watches
 * @param queueSize its size now
 * @param alert the alert
 * @param firedAt epoch milliseconds
 * @param oldestAgeSeconds for an age alert, how long the oldest available message has waited
 * @param rate for a failure-rate alert, the subscriber's attempts that reached the trigger
 */
public record AlertNotice(
    String sourceQueue,
    long queueSize,
    AlertRecord alert,
    long firedAt,
    OptionalLong oldestAgeSeconds,
    Optional<SubscriberRate> rate) {

  /** A size alert's notice. */
  public static AlertNotice ofSize(QueueRef queue, long size, AlertRecord alert, long firedAt) {
    return new AlertNotice(
        queue.name(), size, alert, firedAt, OptionalLong.empty(), Optional.empty());
  }
}
