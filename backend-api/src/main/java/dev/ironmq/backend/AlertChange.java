package dev.ironmq.backend;

import java.util.List;

/** A change to a queue's alerts. */
public sealed interface AlertChange {
  /** The alerts become exactly these. */
  record Replace(List<AlertSpec> alerts) implements AlertChange {}

  /** These alerts are added to the existing ones. */
  record Append(List<AlertSpec> alerts) implements AlertChange {}

  /** The alerts with these ids are removed. */
  record Remove(List<String> alertIds) implements AlertChange {}
}
