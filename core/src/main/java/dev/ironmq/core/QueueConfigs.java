package dev.ironmq.core;

import dev.ironmq.core.problem.ProblemException;
import dev.ironmq.store.DeadLetterPolicy;
import dev.ironmq.store.QueueConfig;
import dev.ironmq.store.QueueType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The rules for turning a create or update request into a queue's configuration. */
final class QueueConfigs {
  private QueueConfigs() {}

  /** The configuration of a new queue: the defaults, changed as the request says. */
  static QueueConfig forNewQueue(QueueRef ref, QueueChange change) {
    QueueConfig defaults =
        new QueueConfig(
            change.type().orElse(QueueType.PULL),
            Limits.DEFAULT_MESSAGE_TIMEOUT_SECONDS,
            Limits.DEFAULT_MESSAGE_EXPIRATION_SECONDS,
            Optional.empty(),
            Optional.empty(),
            List.of());
    return apply(ref, defaults, change);
  }

  /** The configuration of an existing queue after an update. */
  static QueueConfig updated(QueueRef ref, QueueConfig current, QueueChange change) {
    if (change.type().isPresent() && change.type().get() != current.type()) {
      throw ProblemException.invalid(
          "A queue's type cannot be changed (it is " + current.type().wireName() + ")");
    }
    return apply(ref, current, change);
  }

  private static QueueConfig apply(QueueRef ref, QueueConfig current, QueueChange change) {
    if (current.type().isPush()) {
      throw ProblemException.invalid("Push queues are not supported by this server yet");
    }
    int timeout =
        within(
            change.messageTimeoutSeconds(),
            current.messageTimeoutSeconds(),
            Limits.MIN_TIMEOUT_SECONDS,
            Limits.MAX_TIMEOUT_SECONDS,
            "message_timeout");
    int expiration =
        within(
            change.messageExpirationSeconds(),
            current.messageExpirationSeconds(),
            1,
            Limits.MAX_MESSAGE_EXPIRATION_SECONDS,
            "message_expiration");
    Setting<DeadLetterPolicy> deadLetter =
        change.deadLetter().map(policy -> checkDeadLetter(ref, policy));
    return new QueueConfig(
        current.type(),
        timeout,
        expiration,
        deadLetter.applyTo(current.deadLetter()),
        current.push(),
        current.alerts());
  }

  /** The policy, with the default reservation limit when it names none (zero). */
  private static DeadLetterPolicy checkDeadLetter(QueueRef ref, DeadLetterPolicy policy) {
    if (policy.maxReservations() == 0) {
      return checkDeadLetter(
          ref, new DeadLetterPolicy(policy.queueName(), Limits.DEFAULT_MAX_RESERVATIONS));
    }
    QueueRef.validateName(policy.queueName());
    if (policy.queueName().equals(ref.name())) {
      throw ProblemException.invalid("dead_letter.queue_name must name another queue");
    }
    if (policy.maxReservations() < 1 || policy.maxReservations() > Limits.MAX_MAX_RESERVATIONS) {
      throw ProblemException.invalid(
          "dead_letter.max_reservations must be between 1 and " + Limits.MAX_MAX_RESERVATIONS);
    }
    return policy;
  }

  private static int within(OptionalInt requested, int current, int min, int max, String name) {
    if (requested.isEmpty()) {
      return current;
    }
    int value = requested.getAsInt();
    if (value < min || value > max) {
      throw ProblemException.invalid(name + " must be between " + min + " and " + max);
    }
    return value;
  }
}
