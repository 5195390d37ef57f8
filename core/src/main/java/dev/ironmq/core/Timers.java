package dev.ironmq.core;

import java.util.PriorityQueue;

/**
 * The timers of one shard: a heap of tasks by due time. Not thread-safe; used on the shard's thread
 * only. Cancelled timers stay in the heap until they come due and are then skipped.
 */
final class Timers {
  /** A scheduled task; {@link #cancel()} keeps it from running. */
  static final class Timer implements Comparable<Timer> {
    private final long dueAt;
    private final long sequence;
    private final Runnable task;
    private boolean cancelled;

    private Timer(long dueAt, long sequence, Runnable task) {
      this.dueAt = dueAt;
      this.sequence = sequence;
      this.task = task;
    }

    long dueAt() {
      return dueAt;
    }

    void cancel() {
      cancelled = true;
    }

    boolean isPending() {
      return !cancelled;
    }

    @Override
    public int compareTo(Timer other) {
      int byTime = Long.compare(dueAt, other.dueAt);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }

  private final PriorityQueue<Timer> heap = new PriorityQueue<>();
  private long sequence;

  Timer schedule(long dueAt, Runnable task) {
    Timer timer = new Timer(dueAt, sequence++, task);
    heap.add(timer);
    return timer;
  }

  /** Runs, in due order, every pending timer due at or before {@code now}. */
  void runDue(long now) {
    Timer next;
    while ((next = heap.peek()) != null && next.dueAt <= now) {
      heap.poll();
      if (!next.cancelled) {
        next.cancelled = true;
        next.task.run();
      }
    }
  }

  /** The due time of the earliest pending timer, or {@link Long#MAX_VALUE} when there is none. */
  long nextDueAt() {
    Timer next;
    while ((next = heap.peek()) != null && next.cancelled) {
      heap.poll();
    }
    return next == null ? Long.MAX_VALUE : next.dueAt;
  }

  int size() {
    return heap.size();
  }
}
