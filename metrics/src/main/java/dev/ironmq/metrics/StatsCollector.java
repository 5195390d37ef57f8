package dev.ironmq.metrics;

import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueLoad;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueStats;
import dev.ironmq.backend.StatsCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts what happens to each queue's messages and push attempts, and once a minute hands the
 * backend that minute of every queue that changed ({@link QueueBackend#recordStats}): its counts,
 * and its size as {@link QueueBackend#queueLoads} reads it at the minute's end. A queue whose size
 * stayed the same and that counted nothing is not written: its history has a gap there.
 *
 * <p>Thread-safe: events are counted on the backend's and the transport's threads; {@link #record}
 * is called once a minute, one call after another.
 */
public final class StatsCollector {
  private static final int POSTED = 0;
  private static final int RESERVED = 1;
  private static final int DELETED = 2;
  private static final int DELIVERED = 3;
  private static final int FAILED = 4;

  /**
   * Counts per queue since the last minute taken; a minute takes each count with a swap to zero, so
   * an event counts in one minute or the next, never in none. Entries of queues that no longer
   * exist are dropped once a minute.
   */
  private final ConcurrentHashMap<QueueRef, AtomicLongArray> counts = new ConcurrentHashMap<>();

  private final Map<QueueRef, Long> sizesRecorded = new HashMap<>();

  /** Events that count into the history, then go on to {@code next}. */
  public MessageEvents events(MessageEvents next) {
    return (queue, kind, count) -> {
      switch (kind) {
        case POSTED -> add(queue, POSTED, count);
        case RESERVED -> add(queue, RESERVED, count);
        case DELETED -> add(queue, DELETED, count);
        default -> {}
      }
      next.happened(queue, kind, count);
    };
  }

  /** A transport that counts each attempt's outcome (a 2xx or a 202 delivered it). */
  public PushTransport transport(PushTransport next) {
    return new ObservedTransport(
        next,
        (attempt, answer) -> {
          boolean delivered =
              answer instanceof PushOutcome.Delivered || answer instanceof PushOutcome.Accepted;
          add(attempt.queue(), delivered ? DELIVERED : FAILED, 1);
        });
  }

  private void add(QueueRef queue, int what, int count) {
    if (count != 0) {
      AtomicLongArray counted = counts.get(queue);
      if (counted == null) {
        counted = counts.computeIfAbsent(queue, q -> new AtomicLongArray(5));
      }
      counted.addAndGet(what, count);
    }
  }

  /**
   * Takes what was counted since the last call as the minute starting at {@code minute}, reads
   * every queue's size, and records the queues that changed.
   */
  public CompletableFuture<Void> record(QueueBackend backend, long minute) {
    Map<QueueRef, StatsCounts> counted = new HashMap<>();
    counts.forEach(
        (queue, c) ->
            counted.put(
                queue,
                new StatsCounts(
                    0,
                    c.getAndSet(POSTED, 0),
                    c.getAndSet(RESERVED, 0),
                    c.getAndSet(DELETED, 0),
                    c.getAndSet(DELIVERED, 0),
                    c.getAndSet(FAILED, 0))));
    return backend
        .queueLoads()
        .thenCompose(
            loads -> {
              forgetGone(loads, counted);
              return backend.recordStats(minute, samples(loads, counted));
            });
  }

  /**
   * Drops the entries of queues that counted nothing this minute and are not among the loads: they
   * were deleted. (A queue created after the loads were read has either counted something in this
   * minute or got its entry after this minute's counts were taken.)
   */
  private void forgetGone(List<QueueLoad> loads, Map<QueueRef, StatsCounts> counted) {
    Set<QueueRef> present = new HashSet<>();
    loads.forEach(load -> present.add(load.ref()));
    counted.forEach(
        (queue, c) -> {
          if (!c.counted() && !present.contains(queue)) {
            counts.remove(queue);
          }
        });
  }

  private synchronized List<QueueStats> samples(
      List<QueueLoad> loads, Map<QueueRef, StatsCounts> counted) {
    List<QueueStats> samples = new ArrayList<>();
    Map<QueueRef, Long> sizes = new HashMap<>();
    for (QueueLoad load : loads) {
      sizes.put(load.ref(), load.size());
      StatsCounts c = counted.getOrDefault(load.ref(), StatsCounts.ZERO);
      Long before = sizesRecorded.get(load.ref());
      if (c.counted() || before == null || before != load.size()) {
        samples.add(
            new QueueStats(
                load.ref(),
                new StatsCounts(
                    load.size(),
                    c.posted(),
                    c.reserved(),
                    c.deleted(),
                    c.pushDelivered(),
                    c.pushFailed())));
      }
    }
    sizesRecorded.clear();
    sizesRecorded.putAll(sizes);
    return samples;
  }
}
