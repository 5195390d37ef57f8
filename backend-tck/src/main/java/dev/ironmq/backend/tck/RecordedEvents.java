package dev.ironmq.backend.tck;

import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.QueueRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The message events a backend told, summed per queue and kind. */
final class RecordedEvents implements MessageEvents {
  private record Key(QueueRef queue, Kind kind) {}

  private final Map<Key, Long> counts = new ConcurrentHashMap<>();

  @Override
  public void happened(QueueRef queue, Kind kind, int count) {
    counts.merge(new Key(queue, kind), (long) count, Long::sum);
  }

  long count(QueueRef queue, Kind kind) {
    return counts.getOrDefault(new Key(queue, kind), 0L);
  }
}
