package dev.ironmq.core;

import dev.ironmq.backend.AlertNotice;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.AlertRules;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.QueueRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A queue's alerts at run time: the size last seen, and when each alert last fired, so that it
 * fires when the size crosses its trigger and not again within its snooze.
 *
 * <p>Thread: owned by its queue's shard.
 */
final class QueueAlerts {
  private long lastSize;
  private final Map<String, Long> firedAt = new HashMap<>();

  /** Starts watching from this size (after a restore or a change of settings). */
  void reset(long size) {
    lastSize = size;
  }

  /**
   * Posts (as effects of the task) the alerts of {@code queue} that its change of size since the
   * last look fires.
   */
  void fire(
      QueueRef queue, List<AlertRecord> alerts, long size, InternalMessages messages, Task task) {
    for (AlertRecord alert : fired(alerts, size, task.now)) {
      AlertNotice notice =
          new AlertNotice(
              queue.name(),
              size,
              alert.id(),
              alert.progressive(),
              alert.descending(),
              alert.trigger(),
              task.now);
      task.emit(
          new Effect.PostInternally(
              queue.sibling(alert.targetQueue()), messages.render(notice), Optional.empty()));
    }
  }

  /** The alerts that the change of size since the last look fires at {@code now}. */
  List<AlertRecord> fired(List<AlertRecord> alerts, long size, long now) {
    long before = lastSize;
    lastSize = size;
    if (alerts.isEmpty() || before == size) {
      return List.of();
    }
    List<AlertRecord> fired = new ArrayList<>(1);
    for (AlertRecord alert : alerts) {
      if (!AlertRules.fires(alert, before, size)) {
        continue;
      }
      Long last = firedAt.get(alert.id());
      if (last != null && now - last < alert.snoozeSeconds() * 1000L) {
        continue;
      }
      firedAt.put(alert.id(), now);
      fired.add(alert);
    }
    return fired;
  }
}
