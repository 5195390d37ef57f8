package dev.ironmq.metrics;

import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.QueueRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ironmq_messages_total{project, queue, event}}: what the backend tells of messages, counted
 * per queue under the label cap of {@link QueueLabels}. Called on the backend's threads: a lookup
 * by queue and an add (a queue past the cap looks its labels up each time, so that the cache stays
 * as small as the cap).
 */
final class MessageCounters implements MessageEvents {
  private static final Kind[] KINDS = Kind.values();

  private final MeterRegistry registry;
  private final QueueLabels labels;
  private final Map<Tags, Counter[]> byLabels = new ConcurrentHashMap<>();
  private final Map<QueueRef, Counter[]> byQueue = new ConcurrentHashMap<>();

  MessageCounters(MeterRegistry registry, QueueLabels labels) {
    this.registry = registry;
    this.labels = labels;
  }

  @Override
  public void happened(QueueRef queue, Kind kind, int count) {
    Counter[] counters = byQueue.get(queue);
    if (counters == null) {
      counters = countersOf(queue);
    }
    counters[kind.ordinal()].increment(count);
  }

  private Counter[] countersOf(QueueRef queue) {
    Tags tags = labels.of(queue);
    Counter[] counters = byLabels.computeIfAbsent(tags, this::counters);
    if (!tags.equals(QueueLabels.OTHER_TAGS)) {
      byQueue.putIfAbsent(queue, counters);
    }
    return counters;
  }

  private Counter[] counters(Tags queue) {
    Counter[] counters = new Counter[KINDS.length];
    for (Kind kind : KINDS) {
      counters[kind.ordinal()] =
          Counter.builder("ironmq.messages")
              .description("Messages posted, reserved, deleted, released, timed out, expired")
              .tags(queue)
              .tag("event", kind.name().toLowerCase(Locale.ROOT))
              .register(registry);
    }
    return counters;
  }
}
