package dev.ironmq.backend;

import dev.ironmq.backend.problem.ProblemException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The rules for turning a create or update request into a queue's configuration. */
public final class QueueConfigs {
  private static final PushChange NO_PUSH_CHANGE =
      new PushChange(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

  private QueueConfigs() {}

  /** The configuration of a new queue: the defaults, changed as the request says. */
  public static QueueConfig forNewQueue(QueueRef ref, QueueChange change, ConfigRules rules) {
    QueueType type =
        change.type().orElse(change.push().isPresent() ? QueueType.MULTICAST : QueueType.PULL);
    QueueConfig defaults =
        new QueueConfig(
            type,
            Limits.DEFAULT_MESSAGE_TIMEOUT_SECONDS,
            Limits.DEFAULT_MESSAGE_EXPIRATION_SECONDS,
            Optional.empty(),
            Optional.empty(),
            List.of());
    return apply(ref, defaults, change, rules);
  }

  /** The configuration of an existing queue after an update. */
  public static QueueConfig updated(
      QueueRef ref, QueueConfig current, QueueChange change, ConfigRules rules) {
    QueueType type = current.type();
    boolean becomesPush =
        change.allowPullToPush()
            && current.type() == QueueType.PULL
            && (change.type().map(QueueType::isPush).orElse(false)
                || (change.type().isEmpty() && change.push().isPresent()));
    if (becomesPush) {
      type = change.type().orElse(QueueType.MULTICAST);
    } else if (change.type().isPresent() && change.type().get() != current.type()) {
      throw ProblemException.invalid(
          "A queue's type cannot be changed (it is " + current.type().wireName() + ")");
    }
    QueueConfig base =
        new QueueConfig(
            type,
            current.messageTimeoutSeconds(),
            current.messageExpirationSeconds(),
            current.deadLetter(),
            current.push(),
            current.alerts(),
            current.pause());
    return apply(ref, base, change, rules);
  }

  /** The configuration after a subscriber endpoint's change. */
  public static QueueConfig withSubscribers(
      QueueRef ref, QueueConfig current, SubscriberChange change, ConfigRules rules) {
    PushPolicy push =
        current
            .push()
            .map(policy -> PushPolicies.apply(ref, policy, change, rules))
            .orElseThrow(() -> ProblemException.invalid("Only push queues have subscribers"));
    return new QueueConfig(
        current.type(),
        current.messageTimeoutSeconds(),
        current.messageExpirationSeconds(),
        current.deadLetter(),
        Optional.of(push),
        current.alerts(),
        current.pause());
  }

  /**
   * The configuration after a pause or a resume. A pull queue has no deliveries to pause: naming
   * them is refused.
   */
  public static QueueConfig paused(QueueConfig current, PauseChange change) {
    if (!current.type().isPush() && change.push().isPresent()) {
      throw ProblemException.invalid("A pull queue has no push deliveries to pause or resume");
    }
    return current.withPause(change.applyTo(current.pause()));
  }

  private static QueueConfig apply(
      QueueRef ref, QueueConfig base, QueueChange change, ConfigRules rules) {
    QueueType type = base.type();
    int timeout =
        within(
            change.messageTimeoutSeconds(),
            base.messageTimeoutSeconds(),
            Limits.MIN_TIMEOUT_SECONDS,
            Limits.MAX_TIMEOUT_SECONDS,
            "message_timeout");
    int expiration =
        within(
            change.messageExpirationSeconds(),
            base.messageExpirationSeconds(),
            1,
            Limits.MAX_MESSAGE_EXPIRATION_SECONDS,
            "message_expiration");
    Setting<DeadLetterPolicy> deadLetter =
        change.deadLetter().map(policy -> checkDeadLetter(ref, policy));
    Optional<DeadLetterPolicy> newDeadLetter = deadLetter.applyTo(base.deadLetter());
    Optional<PushPolicy> push = Optional.empty();
    List<AlertRecord> alerts = base.alerts();
    if (type.isPush()) {
      if (newDeadLetter.isPresent()) {
        throw ProblemException.invalid(
            "Push queues have no dead-letter queue; set push.error_queue instead");
      }
      if (change.alerts().isPresent()) {
        alerts = AlertRules.apply(ref, base.alerts(), change.alerts().get(), rules);
      }
      if (alerts.stream().anyMatch(alert -> alert.kind() != AlertKind.FAILURE_RATE)) {
        throw ProblemException.invalid("Push queues do not support alerts.");
      }
      push =
          Optional.of(
              PushPolicies.apply(ref, base.push(), change.push().orElse(NO_PUSH_CHANGE), rules));
    } else {
      if (change.push().isPresent()) {
        throw ProblemException.invalid("Only push queues have push settings and subscribers");
      }
      if (change.alerts().isPresent()) {
        alerts = AlertRules.apply(ref, base.alerts(), change.alerts().get(), rules);
      }
      if (alerts.stream().anyMatch(alert -> alert.kind() == AlertKind.FAILURE_RATE)) {
        throw ProblemException.invalid(
            "failure_rate alerts watch the subscribers of a push queue; this is a pull queue");
      }
    }
    return new QueueConfig(type, timeout, expiration, newDeadLetter, push, alerts, base.pause());
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
