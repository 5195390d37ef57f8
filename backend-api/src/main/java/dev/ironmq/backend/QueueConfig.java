package dev.ironmq.backend;

import java.util.List;
import java.util.Optional;

/**
 * The settings of a queue, as stored.
 *
 * @param type pull or push
 * @param messageTimeoutSeconds default reservation length
 * @param messageExpirationSeconds how long a message lives after it is posted
 * @param deadLetter for pull queues only
 * @param push present exactly for push queues
 * @param alerts for pull queues only
 * @param pause what is paused (an extension of the API)
 */
public record QueueConfig(
    QueueType type,
    int messageTimeoutSeconds,
    int messageExpirationSeconds,
    Optional<DeadLetterPolicy> deadLetter,
    Optional<PushPolicy> push,
    List<AlertRecord> alerts,
    QueuePause pause) {
  public QueueConfig {
    alerts = List.copyOf(alerts);
  }

  /** Settings with nothing paused. */
  public QueueConfig(
      QueueType type,
      int messageTimeoutSeconds,
      int messageExpirationSeconds,
      Optional<DeadLetterPolicy> deadLetter,
      Optional<PushPolicy> push,
      List<AlertRecord> alerts) {
    this(
        type,
        messageTimeoutSeconds,
        messageExpirationSeconds,
        deadLetter,
        push,
        alerts,
        QueuePause.NONE);
  }

  /** The same settings with this pause. */
  public QueueConfig withPause(QueuePause newPause) {
    return new QueueConfig(
        type, messageTimeoutSeconds, messageExpirationSeconds, deadLetter, push, alerts, newPause);
  }
}
