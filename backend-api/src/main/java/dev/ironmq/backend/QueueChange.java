package dev.ironmq.backend;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings a create or update request names. What it leaves out stays as it is (or takes its
 * default, for a new queue); zero means "left out", as IronMQ clients send zeros for unset numbers.
 *
 * @param type the queue type; fixed once the queue exists, except from pull to push when {@code
 *     allowPullToPush} (API v1)
 * @param messageTimeoutSeconds the default reservation length
 * @param messageExpirationSeconds the lifetime of messages posted from now on
 * @param deadLetter the dead-letter policy (pull queues only)
 * @param push push settings (push queues only); giving them without a type makes a multicast queue
 * @param alerts a change to the alerts (pull queues only)
 * @param allowPullToPush whether a pull queue may become a push queue (API v1 allows it)
 */
public record QueueChange(
    Optional<QueueType> type,
    OptionalInt messageTimeoutSeconds,
    OptionalInt messageExpirationSeconds,
    Setting<DeadLetterPolicy> deadLetter,
    Optional<PushChange> push,
    Optional<AlertChange> alerts,
    boolean allowPullToPush) {

  /** A change that changes nothing: creating with it gives a queue with every default. */
  public static QueueChange none() {
    return new QueueChange(
        Optional.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        Setting.keep(),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  public QueueChange withMessageTimeout(int seconds) {
    return new QueueChange(
        type,
        OptionalInt.of(seconds),
        messageExpirationSeconds,
        deadLetter,
        push,
        alerts,
        allowPullToPush);
  }

  public QueueChange withMessageExpiration(int seconds) {
    return new QueueChange(
        type,
        messageTimeoutSeconds,
        OptionalInt.of(seconds),
        deadLetter,
        push,
        alerts,
        allowPullToPush);
  }

  public QueueChange withType(QueueType newType) {
    return new QueueChange(
        Optional.of(newType),
        messageTimeoutSeconds,
        messageExpirationSeconds,
        deadLetter,
        push,
        alerts,
        allowPullToPush);
  }

  public QueueChange withDeadLetter(Setting<DeadLetterPolicy> newDeadLetter) {
    return new QueueChange(
        type,
        messageTimeoutSeconds,
        messageExpirationSeconds,
        newDeadLetter,
        push,
        alerts,
        allowPullToPush);
  }

  public QueueChange withPush(PushChange newPush) {
    return new QueueChange(
        type,
        messageTimeoutSeconds,
        messageExpirationSeconds,
        deadLetter,
        Optional.of(newPush),
        alerts,
        allowPullToPush);
  }

  public QueueChange withAlerts(AlertChange newAlerts) {
    return new QueueChange(
        type,
        messageTimeoutSeconds,
        messageExpirationSeconds,
        deadLetter,
        push,
        Optional.of(newAlerts),
        allowPullToPush);
  }

  public QueueChange allowingPullToPush() {
    return new QueueChange(
        type, messageTimeoutSeconds, messageExpirationSeconds, deadLetter, push, alerts, true);
  }
}
