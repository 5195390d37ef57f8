package dev.ironmq.metrics;

import dev.ironmq.backend.CommitObserver;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The store's commits: {@code ironmq_store_commit_seconds{outcome}}, from the start of a commit to
 * its end (for the embedded store, the RocksDB write and its sync; on PostgreSQL, a batched post
 * statement), and {@code ironmq_store_commit_writes}, how many writes each carried: the group
 * commit's batch size.
 */
final class CommitMetrics implements CommitObserver {
  private final MeterRegistry registry;
  private final Timer durable;
  private final Timer failed;
  private final DistributionSummary writes;

  CommitMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.durable = timer(registry, "ok");
    this.failed = timer(registry, "failed");
    this.writes =
        DistributionSummary.builder("ironmq.store.commit.writes")
            .description("Writes carried by one commit: the group commit's batch size")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
            .register(registry);
  }

  private static Timer timer(MeterRegistry registry, String outcome) {
    return Timer.builder("ironmq.store.commit")
        .description("Store commits, from their start until durable or failed")
        .tag("outcome", outcome)
        .serviceLevelObjectives(Buckets.COMMIT)
        .register(registry);
  }

  @Override
  public Commit begin(int count) {
    writes.record(count);
    Timer.Sample started = Timer.start(registry);
    return ok -> started.stop(ok ? durable : failed);
  }
}
