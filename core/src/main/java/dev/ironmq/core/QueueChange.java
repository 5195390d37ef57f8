package dev.ironmq.core;

import dev.ironmq.store.DeadLetterPolicy;
import dev.ironmq.store.QueueType;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings a create or update request names. What it leaves out stays as it is (or takes its
 * default, for a new queue); zero means "left out", as IronMQ clients send zeros for unset numbers.
 *
 * @param type the queue type; fixed once the queue exists
 * @param messageTimeoutSeconds the default reservation length
 * @param messageExpirationSeconds the lifetime of messages posted from now on
 * @param deadLetter the dead-letter policy (pull queues only)
 */
public record QueueChange(
    Optional<QueueType> type,
    OptionalInt messageTimeoutSeconds,
    OptionalInt messageExpirationSeconds,
    Setting<DeadLetterPolicy> deadLetter) {

  /** A change that changes nothing: creating with it gives a queue with every default. */
  public static QueueChange none() {
    return new QueueChange(
        Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Setting.keep());
  }
}
