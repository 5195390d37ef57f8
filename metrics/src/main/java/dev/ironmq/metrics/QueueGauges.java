package dev.ironmq.metrics;

import dev.ironmq.backend.QueueLoad;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * What each queue holds, as gauges set at every scrape from the backend's {@link QueueLoad}s. Only
 * the largest queues, up to the cap, are labelled with their own names; the rest are summed under
 * {@code queue="_other"} (their oldest age is the oldest among them), and {@code
 * ironmq_queues_unlabelled} says how many they are. A deleted queue's series go at the next scrape.
 */
final class QueueGauges {
  private final int max;
  private final MultiGauge size;
  private final MultiGauge reserved;
  private final MultiGauge delayed;
  private final MultiGauge oldestAge;
  private final AtomicLong queues = new AtomicLong();
  private final AtomicLong unlabelled = new AtomicLong();

  QueueGauges(MeterRegistry registry, int max) {
    this.max = max;
    this.size =
        MultiGauge.builder("ironmq.queue.size")
            .description("Messages in the queue: available, delayed, reserved, push not done")
            .register(registry);
    this.reserved =
        MultiGauge.builder("ironmq.queue.reserved")
            .description("Messages under a reservation")
            .register(registry);
    this.delayed =
        MultiGauge.builder("ironmq.queue.delayed")
            .description("Messages waiting out a delay")
            .register(registry);
    this.oldestAge =
        MultiGauge.builder("ironmq.queue.oldest.available.age")
            .baseUnit("seconds")
            .description("Age of the oldest available message, from its post; 0 when none")
            .register(registry);
    registry.gauge("ironmq.queues", Tags.empty(), queues, AtomicLong::get);
    registry.gauge("ironmq.queues.unlabelled", Tags.empty(), unlabelled, AtomicLong::get);
  }

  /** Sets every gauge from the loads of every queue. */
  void update(List<QueueLoad> loads) {
    List<QueueLoad> bySize = new ArrayList<>(loads);
    bySize.sort(Comparator.comparingLong(QueueLoad::size).reversed());
    List<QueueLoad> shown = new ArrayList<>(bySize.subList(0, Math.min(max, bySize.size())));
    List<QueueLoad> rest = bySize.subList(shown.size(), bySize.size());
    if (!rest.isEmpty()) {
      shown.add(summed(rest));
    }
    queues.set(loads.size());
    unlabelled.set(rest.size());
    set(size, shown, QueueLoad::size);
    set(reserved, shown, QueueLoad::reserved);
    set(delayed, shown, QueueLoad::delayed);
    set(oldestAge, shown, load -> load.oldestAvailableAgeMillis() / 1000.0);
  }

  private static QueueLoad summed(List<QueueLoad> rest) {
    return new QueueLoad(
        dev.ironmq.backend.QueueRef.of(QueueLabels.OTHER, QueueLabels.OTHER),
        rest.stream().mapToLong(QueueLoad::size).sum(),
        rest.stream().mapToLong(QueueLoad::reserved).sum(),
        rest.stream().mapToLong(QueueLoad::delayed).sum(),
        rest.stream().mapToLong(QueueLoad::oldestAvailableAgeMillis).max().orElse(0));
  }

  private static void set(
      MultiGauge gauge, List<QueueLoad> loads, ToDoubleFunction<QueueLoad> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>(loads.size());
    for (QueueLoad load : loads) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of("project", load.ref().projectId(), "queue", load.ref().name()),
              value.applyAsDouble(load)));
    }
    gauge.register(rows, true);
  }
}
