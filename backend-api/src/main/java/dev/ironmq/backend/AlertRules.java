package dev.ironmq.backend;

import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of alerts: what is valid, and when one fires. Size alerts are judged on each change of
 * size; age and failure-rate alerts by a periodic check ({@link QueueBackend#checkAlerts}), each
 * firing when its reading goes from below its trigger to at or above it.
 */
public final class AlertRules {
  public static final int MAX_ALERTS = 5;

  /** A failure rate read from fewer attempts than this says nothing, either way. */
  public static final int MIN_RATE_ATTEMPTS = 5;

  private static final SecureRandom RANDOM = new SecureRandom();

  private AlertRules() {}

  /** The alerts after a change, checked. */
  public static List<AlertRecord> apply(
      QueueRef ref, List<AlertRecord> current, AlertChange change, ConfigRules rules) {
    List<AlertRecord> result;
    if (change instanceof AlertChange.Replace replace) {
      result = new ArrayList<>();
      addAll(ref, result, replace.alerts(), "Duplicate alerts were given");
    } else if (change instanceof AlertChange.Append append) {
      result = new ArrayList<>(current);
      addAll(
          ref, result, append.alerts(), "At least one new alert duplicates current queue alerts.");
    } else {
      AlertChange.Remove remove = (AlertChange.Remove) change;
      result = new ArrayList<>(current);
      for (String id : remove.alertIds()) {
        if (!result.removeIf(alert -> alert.id().equals(id))) {
          throw ProblemException.of(new Problem.MessageNotFound("Alert not found: " + id));
        }
      }
    }
    if (result.size() > MAX_ALERTS) {
      throw ProblemException.invalid("A queue has at most " + MAX_ALERTS + " alerts");
    }
    if (rules.alertLoops().wouldLoop(ref, progressiveTargets(ref, result))) {
      throw ProblemException.invalid(
          "Progressive alerts would post into each other's queues in a loop");
    }
    return result;
  }

  public static Set<QueueRef> progressiveTargets(QueueRef ref, List<AlertRecord> alerts) {
    Set<QueueRef> targets = new HashSet<>();
    for (AlertRecord alert : alerts) {
      if (alert.progressive()) {
        targets.add(ref.sibling(alert.targetQueue()));
      }
    }
    return targets;
  }

  private static void addAll(
      QueueRef ref, List<AlertRecord> alerts, List<AlertSpec> specs, String duplicateMessage) {
    for (AlertSpec spec : specs) {
      AlertRecord alert = check(ref, spec);
      for (AlertRecord existing : alerts) {
        if (existing.kind() == alert.kind()
            && existing.descending() == alert.descending()
            && existing.trigger() == alert.trigger()) {
          throw ProblemException.invalid(duplicateMessage);
        }
      }
      alerts.add(alert);
    }
  }

  private static AlertRecord check(QueueRef ref, AlertSpec spec) {
    String type = spec.type().orElseThrow(() -> ProblemException.invalid("An alert needs a type"));
    AlertKind kind =
        AlertKind.named(type)
            .orElseThrow(
                () ->
                    ProblemException.invalid(
                        "An alert type is fixed, progressive, age or failure_rate"));
    int trigger =
        spec.trigger().orElseThrow(() -> ProblemException.invalid("An alert needs a trigger"));
    if (trigger < 1) {
      throw ProblemException.invalid("An alert trigger must be a positive integer");
    }
    if (kind == AlertKind.AGE && trigger > Limits.MAX_MESSAGE_EXPIRATION_SECONDS) {
      throw ProblemException.invalid(
          "An age alert's trigger is in seconds, at most " + Limits.MAX_MESSAGE_EXPIRATION_SECONDS);
    }
    if (kind == AlertKind.FAILURE_RATE && trigger > 100) {
      throw ProblemException.invalid("A failure_rate alert's trigger is a percentage, 1 to 100");
    }
    String direction = spec.direction().orElse("asc");
    if (!direction.equals("asc") && !direction.equals("desc")) {
      throw ProblemException.invalid("An alert direction is asc or desc");
    }
    if (direction.equals("desc") && !kind.watchesSize()) {
      throw ProblemException.invalid("Only fixed and progressive alerts watch a descent");
    }
    String queue =
        spec.queue().orElseThrow(() -> ProblemException.invalid("An alert needs a queue"));
    QueueRef.validateName(queue);
    int snooze = spec.snoozeSeconds().orElse(0);
    if (snooze < 0) {
      throw ProblemException.invalid("An alert snooze must not be negative");
    }
    if (kind == AlertKind.PROGRESSIVE && queue.equals(ref.name())) {
      throw ProblemException.invalid("A progressive alert cannot post into its own queue");
    }
    if (kind == AlertKind.FAILURE_RATE && queue.equals(ref.name())) {
      throw ProblemException.invalid(
          "A failure_rate alert cannot post into the push queue it watches");
    }
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    return new AlertRecord(
        HexFormat.of().formatHex(id), kind, direction.equals("desc"), trigger, queue, snooze);
  }

  /**
   * Whether a change of size from {@code before} to {@code after} fires the alert: a fixed alert
   * fires when the size reaches its trigger (going up, or down for {@code desc}); a progressive one
   * at every multiple of its trigger, except 0.
   */
  public static boolean fires(AlertRecord alert, long before, long after) {
    if (!alert.kind().watchesSize()) {
      return false;
    }
    long t = alert.trigger();
    if (!alert.descending()) {
      if (after <= before) {
        return false;
      }
      return alert.progressive() ? (before / t + 1) * t <= after : before < t && after >= t;
    }
    if (after >= before) {
      return false;
    }
    if (!alert.progressive()) {
      return before > t && after <= t;
    }
    long highestBelow = (before - 1) / t;
    return highestBelow >= 1 && highestBelow * t >= after;
  }

  /** Whether an age alert's queue, its oldest available message this old, is at its trigger. */
  public static boolean ageReached(AlertRecord alert, long oldestAgeMillis) {
    return oldestAgeMillis >= alert.trigger() * 1000L;
  }

  /**
   * Whether a failure-rate alert's subscriber, with these attempts, is at its trigger; empty when
   * it made too few attempts to say.
   */
  public static Optional<Boolean> rateReached(AlertRecord alert, SubscriberRate rate) {
    if (rate.attempts() < MIN_RATE_ATTEMPTS) {
      return Optional.empty();
    }
    return Optional.of(rate.failurePercent() >= alert.trigger());
  }

  /** The key under which a periodic alert's reading is remembered: per subscriber for rates. */
  public static String readingKey(AlertRecord alert, Optional<String> subscriber) {
    return subscriber.map(name -> alert.id() + "/" + name).orElse(alert.id());
  }
}
