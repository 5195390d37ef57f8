package dev.ironmq.metrics;

import java.time.Duration;

/**
 * The latency buckets of the histograms: a fixed, short list (rather than Micrometer's 70-odd
 * percentile buckets) so that a histogram per route or per subscriber stays cheap to scrape.
 */
final class Buckets {
  static final Duration[] LATENCY = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
  };

  /** Store commits: a sync of this disk takes a fraction of a millisecond. */
  static final Duration[] COMMIT = {
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofNanos(2_500_000),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofSeconds(1),
  };

  private Buckets() {}
}
