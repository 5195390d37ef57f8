package dev.ironmq.metrics;

import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueLoad;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueStats;
import dev.ironmq.backend.StatsCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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

  /** Counts per queue since the last minute taken, changed only inside the map's atomic calls. */
  private final ConcurrentHashMap<QueueRef, long[]> counts = new ConcurrentHashMap<>();

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
    return new PushTransport() {
      @Override
      public void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome) {
        next.deliver(
            attempt,
            answer -> {
              boolean delivered =
                  answer instanceof PushOutcome.Delivered || answer instanceof PushOutcome.Accepted;
              add(attempt.queue(), delivered ? DELIVERED : FAILED, 1);
              outcome.accept(answer);
            });
      }

      @Override
      public Optional<String> refusal(String url) {
        return next.refusal(url);
      }
    };
  }

  private void add(QueueRef queue, int what, int count) {
    if (count != 0) {
      counts.compute(
          queue,
          (q, counted) -> {
            long[] now = counted == null ? new long[5] : counted;
            now[what] += count;
            return now;
          });
    }
  }

  /**
   * Takes what was counted since the last call as the minute starting at {@code minute}, reads
   * every queue's size, and records the queues that changed.
   */
  public CompletableFuture<Void> record(QueueBackend backend, long minute) {
    Map<QueueRef, StatsCounts> counted = new HashMap<>();
    for (QueueRef queue : List.copyOf(counts.keySet())) {
      counts.computeIfPresent(
          queue,
          (q, c) -> {
            counted.put(
                q, new StatsCounts(0, c[POSTED], c[RESERVED], c[DELETED], c[DELIVERED], c[FAILED]));
            return null;
          });
    }
    return backend
        .queueLoads()
        .thenCompose(loads -> backend.recordStats(minute, samples(loads, counted)));
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
