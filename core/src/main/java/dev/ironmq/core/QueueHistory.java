package dev.ironmq.core;

import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.store.Batch;
import dev.ironmq.store.Journal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Queues' history in the journal: a minute's counts added to its minute and to its hour, and
 * periods read back. Reading the journal blocks, so both run on one thread of their own (which ends
 * when idle), never on a shard; a minute is recorded only after the one before it was, so the hour
 * it adds to is never read and written by two at once.
 */
final class QueueHistory {
  /** A queue resolved to its id, with what its minute holds. */
  record Minute(long queueId, StatsCounts counts) {}

  private final Journal journal;
  private final Executor reader;

  QueueHistory(Journal journal) {
    this.journal = journal;
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0,
            1,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "queue-history");
              thread.setDaemon(true);
              return thread;
            });
    this.reader = pool;
  }

  /**
   * Writes the minute starting at {@code minute} for each queue and adds it to the hour holding it;
   * at the start of an hour, forgets the periods past their retention.
   */
  CompletableFuture<Void> record(long minute, List<Minute> minutes) {
    if (minutes.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.supplyAsync(
            () -> {
              long hour = StatsStep.HOUR.periodOf(minute);
              boolean hourStarts = hour == minute;
              Batch batch = new Batch();
              for (Minute m : minutes) {
                batch.statsPut(
                    m.queueId(),
                    StatsStep.MINUTE,
                    minute,
                    sofar(m.queueId(), StatsStep.MINUTE, minute).plus(m.counts()));
                batch.statsPut(
                    m.queueId(),
                    StatsStep.HOUR,
                    hour,
                    sofar(m.queueId(), StatsStep.HOUR, hour).plus(m.counts()));
                if (hourStarts) {
                  for (StatsStep step : StatsStep.values()) {
                    batch.statsForget(m.queueId(), step, minute - step.retentionMillis());
                  }
                }
              }
              return batch;
            },
            reader)
        .thenCompose(journal::commit);
  }

  /** What a period holds so far: nothing, unless the same minute is recorded again. */
  private StatsCounts sofar(long queueId, StatsStep step, long period) {
    return journal.stats(queueId, step, period, period + 1).stream()
        .map(StatsPoint::counts)
        .findFirst()
        .orElse(StatsCounts.ZERO);
  }

  /** The periods of a queue's history of one step starting in {@code [from, to)}. */
  CompletableFuture<List<StatsPoint>> read(long queueId, StatsStep step, long from, long to) {
    return CompletableFuture.supplyAsync(() -> journal.stats(queueId, step, from, to), reader);
  }
}
