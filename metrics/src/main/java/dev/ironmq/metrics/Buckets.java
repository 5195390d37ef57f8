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

  private Buckets() {}
}
