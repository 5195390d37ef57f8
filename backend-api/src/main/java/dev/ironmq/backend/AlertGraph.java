package dev.ironmq.backend;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which queue's progressive alerts post into which queues, across all shards, so that a new alert
 * cannot close a loop (alert messages raising the size of a queue whose alerts raise the first
 * one's). Thread-safe.
 */
public final class AlertGraph implements AlertLoops {
  private final Map<QueueRef, Set<QueueRef>> targets = new ConcurrentHashMap<>();

  public void set(QueueRef queue, Set<QueueRef> progressiveTargets) {
    if (progressiveTargets.isEmpty()) {
      targets.remove(queue);
    } else {
      targets.put(queue, Set.copyOf(progressiveTargets));
    }
  }

  public void remove(QueueRef queue) {
    targets.remove(queue);
  }

  @Override
  public boolean wouldLoop(QueueRef from, Set<QueueRef> newTargets) {
    Deque<QueueRef> pending = new ArrayDeque<>(newTargets);
    Set<QueueRef> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      QueueRef next = pending.pop();
      if (next.equals(from)) {
        return true;
      }
      if (seen.add(next)) {
        pending.addAll(targets.getOrDefault(next, Set.of()));
      }
    }
    return false;
  }
}
