package dev.ironmq.metrics;

import dev.ironmq.backend.QueueRef;
import io.micrometer.core.instrument.Tags;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code project} and {@code queue} labels of per-queue counters, for at most a set number of
 * queues: the first ones counted since the server started keep their own labels, and every queue
 * after them is counted under {@code project="_other", queue="_other"}, so that a server with many
 * queues cannot grow its metrics without bound.
 */
final class QueueLabels {
  static final String OTHER = "_other";
  static final Tags OTHER_TAGS = Tags.of("project", OTHER, "queue", OTHER);

  private final int max;
  private final Set<QueueRef> labelled = ConcurrentHashMap.newKeySet();

  QueueLabels(int max) {
    this.max = max;
  }

  Tags of(QueueRef ref) {
    if (labelled.contains(ref) || (labelled.size() < max && labelled.add(ref))) {
      return Tags.of("project", ref.projectId(), "queue", ref.name());
    }
    return OTHER_TAGS;
  }
}
