package dev.ironmq.core;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * When each queue of a shard next needs to run with no request: a parked reserve's deadline, a
 * message that expires or becomes visible, a push attempt that falls due. One entry per queue,
 * moved (not added) when the queue's next moment changes, so nothing piles up however often it
 * does.
 *
 * <p>Thread: owned by its shard.
 *
 * @param <Q> the queues
 */
final class WakeUps<Q> {
  private record Entry<Q>(long at, long sequence, Q queue) {}

  private final TreeSet<Entry<Q>> byTime =
      new TreeSet<>(
          Comparator.<Entry<Q>>comparingLong(Entry::at).thenComparingLong(Entry::sequence));
  private final Map<Q, Entry<Q>> byQueue = new HashMap<>();
  private long sequence;

  /** Wakes the queue at {@code at}; {@link Long#MAX_VALUE} for never. */
  void set(Q queue, long at) {
    Entry<Q> current = byQueue.get(queue);
    if (current != null) {
      if (current.at() == at) {
        return;
      }
      byTime.remove(current);
      byQueue.remove(queue);
    }
    if (at != Long.MAX_VALUE) {
      Entry<Q> entry = new Entry<>(at, sequence++, queue);
      byTime.add(entry);
      byQueue.put(queue, entry);
    }
  }

  /** The earliest moment any queue needs to run, or {@link Long#MAX_VALUE}. */
  long next() {
    return byTime.isEmpty() ? Long.MAX_VALUE : byTime.first().at();
  }

  /** Takes the first queue due at or before {@code now}, or null. */
  Q takeDue(long now) {
    if (byTime.isEmpty() || byTime.first().at() > now) {
      return null;
    }
    Entry<Q> entry = byTime.pollFirst();
    byQueue.remove(entry.queue());
    return entry.queue();
  }

  int size() {
    return byQueue.size();
  }
}
