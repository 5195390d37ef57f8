package dev.ironmq.backend;

import java.util.Optional;

/** What an alert watches, named on the wire by its {@code type}. */
public enum AlertKind {
  /** The queue's size reaching the trigger (IronMQ's {@code fixed}). */
  FIXED("fixed"),
  /** The queue's size reaching each multiple of the trigger (IronMQ's {@code progressive}). */
  PROGRESSIVE("progressive"),
  /** The oldest available message of a pull queue having waited the trigger, in seconds. */
  AGE("age"),
  /** The share of a push subscriber's attempts that failed reaching the trigger, in percent. */
  FAILURE_RATE("failure_rate");

  private final String wireName;

  AlertKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<AlertKind> named(String wireName) {
    for (AlertKind kind : values()) {
      if (kind.wireName.equals(wireName)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** Whether the alert is judged on each change of size, rather than by a periodic check. */
  public boolean watchesSize() {
    return this == FIXED || this == PROGRESSIVE;
  }
}
