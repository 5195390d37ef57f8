package dev.ironmq.server;

import dev.ironmq.metrics.ServerMetrics;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether the server measures, who may read {@code /metrics}, and how many queues it labels; see
 * {@code docs/metrics.md}.
 *
 * @param enabled whether anything is measured and {@code /metrics} served
 * @param token a token that opens {@code GET /metrics} and nothing else (an admin token opens it
 *     too)
 * @param port a port on 127.0.0.1 serving {@code /metrics} alone, with no token; 0 picks a free one
 * @param maxQueues how many queues get labels of their own
 */
public record MetricsOptions(
    boolean enabled, Optional<String> token, OptionalInt port, int maxQueues) {
  public MetricsOptions {
    if (!enabled && (token.isPresent() || port.isPresent())) {
      throw new IllegalArgumentException(
          "--metrics-token and --metrics-port need metrics on; drop them or --metrics off");
    }
    if (maxQueues < 0) {
      throw new IllegalArgumentException("--metrics-max-queues must not be negative");
    }
    if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65_535)) {
      throw new IllegalArgumentException("--metrics-port must be between 0 and 65535");
    }
  }

  public static MetricsOptions defaults() {
    return new MetricsOptions(
        true, Optional.empty(), OptionalInt.empty(), ServerMetrics.DEFAULT_MAX_QUEUES);
  }
}
