package dev.ironmq.backend;

import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** The rules of queue-size alerts: what is valid, and when one fires. */
public final class AlertRules {
  public static final int MAX_ALERTS = 5;
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
        if (existing.progressive() == alert.progressive()
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
    if (!type.equals("fixed") && !type.equals("progressive")) {
      throw ProblemException.invalid("An alert type is fixed or progressive");
    }
    int trigger =
        spec.trigger().orElseThrow(() -> ProblemException.invalid("An alert needs a trigger"));
    if (trigger < 1) {
      throw ProblemException.invalid("An alert trigger must be a positive integer");
    }
    String direction = spec.direction().orElse("asc");
    if (!direction.equals("asc") && !direction.equals("desc")) {
      throw ProblemException.invalid("An alert direction is asc or desc");
    }
    String queue =
        spec.queue().orElseThrow(() -> ProblemException.invalid("An alert needs a queue"));
    QueueRef.validateName(queue);
    int snooze = spec.snoozeSeconds().orElse(0);
    if (snooze < 0) {
      throw ProblemException.invalid("An alert snooze must not be negative");
    }
    boolean progressive = type.equals("progressive");
    if (progressive && queue.equals(ref.name())) {
      throw ProblemException.invalid("A progressive alert cannot post into its own queue");
    }
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    return new AlertRecord(
        HexFormat.of().formatHex(id),
        progressive,
        direction.equals("desc"),
        trigger,
        queue,
        snooze);
  }

  /**
   * Whether a change of size from {@code before} to {@code after} fires the alert: a fixed alert
   * fires when the size reaches its trigger (going up, or down for {@code desc}); a progressive one
   * at every multiple of its trigger, except 0.
   */
  public static boolean fires(AlertRecord alert, long before, long after) {
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
}
