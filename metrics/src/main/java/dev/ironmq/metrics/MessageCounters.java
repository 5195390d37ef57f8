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
 * and an add.
 */
final class MessageCounters implements MessageEvents {
  private static final Kind[] KINDS = Kind.values();

  private final MeterRegistry registry;
  private final QueueLabels labels;
  private final Map<Tags, Counter[]> byLabels = new ConcurrentHashMap<>();

  MessageCounters(MeterRegistry registry, QueueLabels labels) {
    this.registry = registry;
    this.labels = labels;
  }

  @Override
  public void happened(QueueRef queue, Kind kind, int count) {
    byLabels.computeIfAbsent(labels.of(queue), this::counters)[kind.ordinal()].increment(count);
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
