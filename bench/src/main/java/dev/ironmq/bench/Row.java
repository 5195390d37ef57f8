package dev.ironmq.bench;

import java.util.EnumMap;
import java.util.Map;

/**
 * One line of results: a system, a scenario and its message size, and what was measured.
 *
 * @param system the system and its setting
 * @param scenario the workload
 * @param bodyBytes message size
 * @param connections concurrent callers
 * @param values what was measured
 */
public record Row(
    String system, String scenario, int bodyBytes, int connections, Map<Metric, Double> values) {

  public Row {
    values = Map.copyOf(values);
  }

  /** A row with a measurement's rates, latencies and errors. */
  public static Row of(
      String system, String scenario, int bodyBytes, int connections, Measurement measured) {
    return new Row(system, scenario, bodyBytes, connections, figures(measured));
  }

  /** A row with a measurement's figures and some of its own. */
  public Row with(Metric metric, double value) {
    Map<Metric, Double> more = new EnumMap<>(Metric.class);
    more.putAll(values);
    more.put(metric, value);
    return new Row(system, scenario, bodyBytes, connections, more);
  }

  public Double value(Metric metric) {
    return values.get(metric);
  }

  static Map<Metric, Double> figures(Measurement measured) {
    Map<Metric, Double> figures = new EnumMap<>(Metric.class);
    figures.put(Metric.MESSAGES_PER_SECOND, measured.messagesPerSecond());
    figures.put(Metric.CALLS_PER_SECOND, measured.operationsPerSecond());
    figures.put(Metric.P50_MS, measured.latencyMillis(50));
    figures.put(Metric.P99_MS, measured.latencyMillis(99));
    figures.put(Metric.P999_MS, measured.latencyMillis(99.9));
    figures.put(Metric.ERRORS, (double) measured.errors());
    return figures;
  }
}
