package dev.ironmq.bench;

import java.util.Locale;

/**
 * One line of results.
 *
 * @param target the system and its setting
 * @param scenario the workload
 * @param bodyBytes message size
 * @param connections concurrent callers
 * @param result what was measured
 * @param notes how the target's work differs, if it does
 */
public record Row(
    String target,
    String scenario,
    int bodyBytes,
    int connections,
    Measurement result,
    String notes) {

  static final String MARKDOWN_HEADER =
      "| target | scenario | body | conns | msgs/s | calls/s | p50 ms | p99 ms | p99.9 ms | errors |\n"
          + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|";

  static final String CSV_HEADER =
      "target,scenario,body_bytes,connections,messages_per_second,calls_per_second,"
          + "p50_ms,p99_ms,p999_ms,errors,notes";

  String markdown() {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %d | %d | %,.0f | %,.0f | %.2f | %.2f | %.2f | %d |",
        target,
        scenario,
        bodyBytes,
        connections,
        result.messagesPerSecond(),
        result.operationsPerSecond(),
        result.latencyMillis(50),
        result.latencyMillis(99),
        result.latencyMillis(99.9),
        result.errors());
  }

  String csv() {
    return String.format(
        Locale.ROOT,
        "%s,%s,%d,%d,%.1f,%.1f,%.3f,%.3f,%.3f,%d,\"%s\"",
        target,
        scenario,
        bodyBytes,
        connections,
        result.messagesPerSecond(),
        result.operationsPerSecond(),
        result.latencyMillis(50),
        result.latencyMillis(99),
        result.latencyMillis(99.9),
        result.errors(),
        notes.replace("\"", "'"));
  }
}
