package dev.ironmq.core;

import dev.ironmq.backend.AlertKind;
import dev.ironmq.backend.AlertNotice;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.AlertRules;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.SubscriberRate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A queue's alerts at run time: the size last seen, whether each age or failure-rate alert's
 * reading was at its trigger at the last check, and when each alert last fired, so that an alert
 * fires when its reading crosses its trigger and not again within its snooze. Held in memory: after
 * a restart, an age or failure-rate alert whose reading is still at its trigger fires again once.
 *
 * <p>Thread: owned by its queue's shard.
 */
final class QueueAlerts {
  private long lastSize;
  private final Map<String, Boolean> reached = new HashMap<>();
  private final Map<String, Long> firedAt = new HashMap<>();

  /**
   * Starts watching the size from here (after a restore or a change of settings), forgetting the
   * readings of alerts no longer set.
   */
  void reset(long size, List<AlertRecord> alerts) {
    lastSize = size;
    Set<String> ids = new HashSet<>();
    alerts.forEach(alert -> ids.add(alert.id()));
    reached.keySet().removeIf(key -> !ids.contains(key.split("/", 2)[0]));
  }

  /**
   * Posts (as effects of the task) the size alerts of {@code queue} that its change of size since
   * the last look fires.
   */
  void fire(
      QueueRef queue, List<AlertRecord> alerts, long size, InternalMessages messages, Task task) {
    for (AlertRecord alert : fired(alerts, size, task.now)) {
      post(queue, alert, messages.render(AlertNotice.ofSize(queue, size, alert, task.now)), task);
    }
  }

  /** The size alerts that the change of size since the last look fires at {@code now}. */
  List<AlertRecord> fired(List<AlertRecord> alerts, long size, long now) {
    long before = lastSize;
    lastSize = size;
    if (alerts.isEmpty() || before == size) {
      return List.of();
    }
    List<AlertRecord> fired = new ArrayList<>(1);
    for (AlertRecord alert : alerts) {
      if (AlertRules.fires(alert, before, size) && claim(alert, now)) {
        fired.add(alert);
      }
    }
    return fired;
  }

  /**
   * Posts (as effects of the task) the age and failure-rate alerts whose reading now crosses their
   * trigger: the oldest available message {@code oldestAgeMillis} old, and each subscriber's
   * attempts in {@code rates} (by subscriber name).
   */
  void check(
      QueueRef queue,
      List<AlertRecord> alerts,
      long size,
      long oldestAgeMillis,
      Map<String, SubscriberRate> rates,
      List<String> subscribers,
      InternalMessages messages,
      Task task) {
    for (AlertRecord alert : alerts) {
      if (alert.kind() == AlertKind.AGE) {
        boolean now = AlertRules.ageReached(alert, oldestAgeMillis);
        if (crossed(AlertRules.readingKey(alert, Optional.empty()), now)
            && claim(alert, task.now)) {
          AlertNotice notice =
              new AlertNotice(
                  queue.name(),
                  size,
                  alert,
                  task.now,
                  OptionalLong.of(oldestAgeMillis / 1000),
                  Optional.empty());
          post(queue, alert, messages.render(notice), task);
        }
      } else if (alert.kind() == AlertKind.FAILURE_RATE) {
        for (String subscriber : subscribers) {
          SubscriberRate rate = rates.get(subscriber);
          Optional<Boolean> now =
              rate == null ? Optional.empty() : AlertRules.rateReached(alert, rate);
          if (now.isPresent()
              && crossed(AlertRules.readingKey(alert, Optional.of(subscriber)), now.get())
              && claim(alert, task.now)) {
            AlertNotice notice =
                new AlertNotice(
                    queue.name(), size, alert, task.now, OptionalLong.empty(), Optional.of(rate));
            post(queue, alert, messages.render(notice), task);
          }
        }
      }
    }
  }

  /** Remembers a reading; whether it went from below the trigger to at or above it. */
  private boolean crossed(String key, boolean now) {
    Boolean before = reached.put(key, now);
    return now && (before == null || !before);
  }

  /** Whether the alert may fire at {@code now}, its snooze over; if so, it fires now. */
  private boolean claim(AlertRecord alert, long now) {
    Long last = firedAt.get(alert.id());
    if (last != null && now - last < alert.snoozeSeconds() * 1000L) {
      return false;
    }
    firedAt.put(alert.id(), now);
    return true;
  }

  private static void post(QueueRef queue, AlertRecord alert, String body, Task task) {
    task.emit(
        new Effect.PostInternally(queue.sibling(alert.targetQueue()), body, Optional.empty()));
  }
}
