package dev.ironmq.server;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/** The options of {@code serve} about seeing inside it: {@code /metrics} and the access log. */
final class MetricsArguments {
  /** Whether the server measures. */
  enum Switch {
    on,
    off
  }

  @Option(
      names = "--metrics",
      defaultValue = "${env:IRONMQ_METRICS:-on}",
      description = {
        "on: measure, and serve GET /metrics; off: measure nothing, for a benchmark of the cost",
        "(IRONMQ_METRICS, default ${DEFAULT-VALUE})."
      })
  Switch metrics;

  @Option(
      names = "--metrics-token",
      defaultValue = "${env:IRONMQ_METRICS_TOKEN}",
      description = {
        "A token that opens GET /metrics and nothing else (IRONMQ_METRICS_TOKEN; on the command",
        "line it shows in the process list: prefer the variable or --metrics-token-file)."
      })
  String token;

  @Option(
      names = "--metrics-token-file",
      defaultValue = "${env:IRONMQ_METRICS_TOKEN_FILE}",
      description = {
        "A file whose first line is a token that opens GET /metrics and nothing else",
        "(IRONMQ_METRICS_TOKEN_FILE); an admin token opens it too."
      })
  Path tokenFile;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:IRONMQ_METRICS_PORT}",
      description = {
        "Also serve GET /metrics, with no token, on this port of 127.0.0.1 only",
        "(IRONMQ_METRICS_PORT); 0 picks a free one."
      })
  Integer port;

  @Option(
      names = "--metrics-max-queues",
      defaultValue = "${env:IRONMQ_METRICS_MAX_QUEUES:-500}",
      description = {
        "How many queues /metrics labels by name; the others are summed under",
        "queue=\"_other\" (IRONMQ_METRICS_MAX_QUEUES, default ${DEFAULT-VALUE})."
      })
  int maxQueues;

  @Option(
      names = "--access-log",
      defaultValue = "${env:IRONMQ_ACCESS_LOG:-off}",
      description = {
        "on: log each request as one line of JSON (method, route, queue, status, ms, bytes,",
        "client; never the token) (IRONMQ_ACCESS_LOG, default ${DEFAULT-VALUE})."
      })
  Switch accessLog;

  boolean accessLog() {
    return accessLog == Switch.on;
  }

  @Option(
      names = "--stats",
      defaultValue = "${env:IRONMQ_STATS:-on}",
      description = {
        "on: record each queue's size and counts every minute, kept a day by minute and a",
        "month by hour, for GET .../queues/{queue}/stats (IRONMQ_STATS, default ${DEFAULT-VALUE})."
      })
  Switch stats;

  boolean stats() {
    return stats == Switch.on;
  }

  MetricsOptions options() {
    if (token != null && tokenFile != null) {
      throw new IllegalArgumentException("give --metrics-token or --metrics-token-file, not both");
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("--metrics-token must not be empty");
    }
    return new MetricsOptions(
        metrics == Switch.on,
        Optional.ofNullable(tokenFile)
            .map(file -> SecretFiles.readFirstLine(file, "the metrics token"))
            .or(() -> Optional.ofNullable(token)),
        port == null ? OptionalInt.empty() : OptionalInt.of(port),
        maxQueues);
  }
}
