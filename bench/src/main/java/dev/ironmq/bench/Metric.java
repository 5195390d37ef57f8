package dev.ironmq.bench;

import java.util.Locale;

/** A number the benchmark reports, with its column names and how it is printed. */
public enum Metric {
  MESSAGES_PER_SECOND("msgs/s", "messages_per_second", "%,.0f"),
  CALLS_PER_SECOND("calls/s", "calls_per_second", "%,.0f"),
  P50_MS("p50 ms", "p50_ms", "%.2f"),
  P99_MS("p99 ms", "p99_ms", "%.2f"),
  P999_MS("p99.9 ms", "p999_ms", "%.2f"),
  ERRORS("errors", "errors", "%.0f"),
  RSS_IDLE_MB("RSS idle MB", "rss_idle_mb", "%.0f"),
  RSS_PARKED_MB("RSS parked MB", "rss_parked_mb", "%.0f"),
  RSS_LOADED_MB("RSS parked + load MB", "rss_parked_loaded_mb", "%.0f"),
  FILL_PER_SECOND("fill msgs/s", "fill_messages_per_second", "%,.0f"),
  READY_SECONDS("restart s", "restart_ready_seconds", "%.2f"),
  SMALL_DRAIN_PER_SECOND("small queue drain msgs/s", "small_drain_messages_per_second", "%,.0f"),
  DRAIN_START_PER_SECOND("drain start msgs/s", "drain_start_messages_per_second", "%,.0f"),
  DRAIN_END_PER_SECOND("drain end msgs/s", "drain_end_messages_per_second", "%,.0f"),
  DRAIN_END_VS_SMALL("end / small", "drain_end_vs_small", "%.0f%%");

  private final String label;
  private final String column;
  private final String format;

  Metric(String label, String column, String format) {
    this.label = label;
    this.column = column;
    this.format = format;
  }

  /** The Markdown table header. */
  public String label() {
    return label;
  }

  /** The CSV column. */
  public String column() {
    return column;
  }

  public String format(Double value) {
    if (value == null || value.isNaN()) {
      return "n/a";
    }
    return String.format(Locale.ROOT, format, this == DRAIN_END_VS_SMALL ? value * 100 : value);
  }
}
