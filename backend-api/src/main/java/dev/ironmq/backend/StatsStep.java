package dev.ironmq.backend;

import java.time.Duration;
import java.util.Optional;

/** The resolutions of a queue's history, and how long each is kept. */
public enum StatsStep {
  MINUTE("1m", Duration.ofMinutes(1), Duration.ofHours(24)),
  HOUR("1h", Duration.ofHours(1), Duration.ofDays(31));

  private final String wireName;
  private final long millis;
  private final long retentionMillis;

  StatsStep(String wireName, Duration length, Duration retention) {
    this.wireName = wireName;
    this.millis = length.toMillis();
    this.retentionMillis = retention.toMillis();
  }

  public String wireName() {
    return wireName;
  }

  /** The length of one period. */
  public long millis() {
    return millis;
  }

  /** How long periods are kept. */
  public long retentionMillis() {
    return retentionMillis;
  }

  /** The start of the period holding {@code at}. */
  public long periodOf(long at) {
    return Math.floorDiv(at, millis) * millis;
  }

  public static Optional<StatsStep> fromWireName(String name) {
    for (StatsStep step : values()) {
      if (step.wireName.equals(name)) {
        return Optional.of(step);
      }
    }
    return Optional.empty();
  }
}
