package dev.ironmq.bench;

import org.HdrHistogram.Histogram;

/**
 * What one measured run did.
 *
 * @param operations requests (or protocol commands) completed in the measured window
 * @param messages messages moved by them
 * @param errors operations that failed in the window
 * @param seconds the length of the measured window
 * @param latency per-operation latency in microseconds
 */
public record Measurement(
    long operations, long messages, long errors, double seconds, Histogram latency) {

  public double operationsPerSecond() {
    return operations / seconds;
  }

  public double messagesPerSecond() {
    return messages / seconds;
  }

  /** A latency percentile in milliseconds. */
  public double latencyMillis(double percentile) {
    return latency.getTotalCount() == 0
        ? Double.NaN
        : latency.getValueAtPercentile(percentile) / 1000.0;
  }
}
