package dev.ironmq.core;

import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reserves parked on one queue: served first come, first served as messages become available,
 * and ended with nothing at their deadlines. The queue's one wake-up covers the earliest deadline.
 *
 * <p>Thread: owned by its queue's shard; the parked count is shared by the whole backend.
 */
final class LongPolls {
  private static final Comparator<Waiter> BY_DEADLINE =
      Comparator.comparingLong(Waiter::deadline).thenComparingLong(Waiter::arrival);

  private final ArrayDeque<Waiter> byArrival = new ArrayDeque<>();
  private final TreeSet<Waiter> byDeadline = new TreeSet<>(BY_DEADLINE);
  private final AtomicLong parkedCount;
  private long arrivals;

  LongPolls(AtomicLong parkedCount) {
    this.parkedCount = parkedCount;
  }

  /** Parks a reserve until {@code deadline}; returns its waiter. */
  Waiter park(
      ReserveRequest request, CompletableFuture<List<ReservedMessage>> result, long deadline) {
    Waiter waiter = new Waiter(request, result, deadline, arrivals++);
    byArrival.addLast(waiter);
    byDeadline.add(waiter);
    parkedCount.incrementAndGet();
    return waiter;
  }

  boolean isEmpty() {
    return byArrival.isEmpty();
  }

  /** The waiter parked longest, still parked. */
  Waiter first() {
    return byArrival.peekFirst();
  }

  /** Takes a waiter out (it was served, its client went away, or its wait ended). */
  boolean remove(Waiter waiter) {
    if (byDeadline.remove(waiter)) {
      byArrival.remove(waiter);
      parkedCount.decrementAndGet();
      return true;
    }
    return false;
  }

  /** Takes out and returns the waiters whose deadline has come. */
  List<Waiter> takeExpired(long now) {
    List<Waiter> expired = new ArrayList<>(0);
    while (!byDeadline.isEmpty() && byDeadline.first().deadline() <= now) {
      Waiter waiter = byDeadline.pollFirst();
      byArrival.remove(waiter);
      parkedCount.decrementAndGet();
      expired.add(waiter);
    }
    return expired;
  }

  /** Takes out and returns every waiter. */
  List<Waiter> takeAll() {
    List<Waiter> all = new ArrayList<>(byArrival);
    byArrival.clear();
    byDeadline.clear();
    parkedCount.addAndGet(-all.size());
    return all;
  }

  /** The earliest deadline, or {@link Long#MAX_VALUE} when none is parked. */
  long nextDeadline() {
    return byDeadline.isEmpty() ? Long.MAX_VALUE : byDeadline.first().deadline();
  }
}
