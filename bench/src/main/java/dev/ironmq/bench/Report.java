package dev.ironmq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Writes a run's results: a Markdown report, a CSV of every row, and charts. */
public final class Report {
  /**
   * A system as it ran.
   *
   * @param name its name in the tables
   * @param version the version it reported
   * @param settings how it was started
   * @param notes where its work differs from this server's durable default
   * @param durable whether it fsyncs a message before acknowledging it
   */
  public record SystemInfo(
      String name, String version, String settings, String notes, boolean durable) {}

  /**
   * The run.
   *
   * @param title the heading, with the date and time
   * @param command the command that produced it
   * @param machine the machine it ran on
   * @param settings the load's settings
   */
  public record RunInfo(String title, String command, String machine, String settings) {}

  /** The system whose lead over its peers the report states. */
  static final String REFERENCE = "ironmq (fsync always)";

  /** The peer the targets single out, in memory but over HTTP like this server. */
  static final String ELASTICMQ = "elasticmq";

  private static final List<Metric> LOAD =
      List.of(
          Metric.MESSAGES_PER_SECOND,
          Metric.CALLS_PER_SECOND,
          Metric.P50_MS,
          Metric.P99_MS,
          Metric.P999_MS,
          Metric.ERRORS);

  private final RunInfo run;
  private final List<SystemInfo> systems;
  private final List<Row> rows;
  private final List<String> failures;

  public Report(RunInfo run, List<SystemInfo> systems, List<Row> rows, List<String> failures) {
    this.run = run;
    this.systems = List.copyOf(systems);
    this.rows = List.copyOf(rows);
    this.failures = List.copyOf(failures);
  }

  /** A row as one line, with the figures it has, for the console. */
  static String line(Row row) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "%s | %s | %d B | %d conns",
                row.system(), row.scenario(), row.bodyBytes(), row.connections()));
    for (Metric metric : Metric.values()) {
      if (row.value(metric) != null) {
        line.append(" | ")
            .append(metric.label())
            .append(' ')
            .append(metric.format(row.value(metric)));
      }
    }
    return line.toString();
  }

  /** Writes results.md, results.csv and the charts into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.csv"), csv());
    List<String> charts = new ArrayList<>();
    if (rows.stream().anyMatch(Report::throughput)) {
      Charts.throughput(
          rows.stream().filter(Report::throughput).toList(), dir.resolve("throughput.png"));
      charts.add("throughput.png");
    }
    Files.writeString(dir.resolve("results.md"), markdown(charts));
  }

  String markdown(List<String> charts) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(run.title()).append("\n\n");
    md.append("Command: `").append(run.command()).append("`\n\n");
    md.append("Machine: ").append(run.machine()).append("\n\n");
    md.append("Settings: ").append(run.settings()).append("\n\n");
    md.append(
        "## Systems\n\n| system | version | settings | where its work differs |\n|---|---|---|---|\n");
    for (SystemInfo system : systems) {
      md.append(
          String.format(
              "| %s | %s | %s | %s |%n",
              system.name(),
              system.version(),
              system.settings(),
              system.notes().isEmpty()
                  ? "durable: fsync before each acknowledgement"
                  : system.notes()));
    }
    List<Row> throughput = rows.stream().filter(Report::throughput).toList();
    if (!throughput.isEmpty()) {
      md.append("\n## Messages per second\n\n");
      md.append(
          "Post: producers only. Pipeline: half the callers post, half reserve and delete;"
              + " counted when deleted. N is messages per call.\n\n");
      md.append(pivot(throughput));
      charts.forEach(
          chart -> md.append("\n![").append(chart).append("](").append(chart).append(")\n"));
    }
    section(
        md,
        "Post-to-consumer latency at half the saturated pipeline-1 rate",
        "One message per post at a fixed rate; four long-polling consumers take up to 100 each;"
            + " latency from when a post was due to when a consumer had the message.",
        r -> r.scenario().equals("latency"),
        LOAD);
    section(
        md,
        "Parked long polls",
        "Long polls parked on an empty queue, one connection each; meanwhile the usual callers"
            + " post, reserve and delete single messages on another queue (msgs/s and latencies"
            + " are theirs). Memory is the server's resident set before the polls, once they are"
            + " parked, and after the other requests.",
        r -> r.scenario().equals("parked-polls"),
        List.of(
            Metric.RSS_IDLE_MB,
            Metric.RSS_PARKED_MB,
            Metric.RSS_LOADED_MB,
            Metric.MESSAGES_PER_SECOND,
            Metric.P50_MS,
            Metric.P99_MS,
            Metric.ERRORS));
    section(
        md,
        "Backlog",
        "The backlog is posted 100 per call, the system restarted (when the benchmark can), then"
            + " drained (reserve 100, delete them) by every caller. Drain rates are over the first"
            + " and last tenth of the backlog, and over a whole queue a tenth its size.",
        r -> r.scenario().equals("backlog"),
        List.of(
            Metric.FILL_PER_SECOND,
            Metric.READY_SECONDS,
            Metric.SMALL_DRAIN_PER_SECOND,
            Metric.DRAIN_START_PER_SECOND,
            Metric.DRAIN_END_PER_SECOND,
            Metric.DRAIN_END_VS_SMALL));
    section(
        md,
        "Push",
        "A multicast queue pushing to two HTTP subscribers in the benchmark's process and to one"
            + " queue. Deliveries are HTTP deliveries; copies are messages the queue subscriber"
            + " received. The peers have no push queues.",
        r -> r.scenario().startsWith("push"),
        LOAD);
    section(md, "Every load measurement", "", throughputOrLatency(), LOAD);
    if (!failures.isEmpty()) {
      md.append("\n## Failures\n\n");
      failures.forEach(f -> md.append("- ").append(f).append('\n'));
    }
    return md.toString();
  }

  private static Predicate<Row> throughputOrLatency() {
    return r -> throughput(r) || r.scenario().equals("latency");
  }

  static boolean throughput(Row row) {
    return row.scenario().startsWith("post-") || row.scenario().startsWith("pipeline-");
  }

  /**
   * Messages per second: a line per scenario and size, a column per system, then this server's lead
   * over the best durable peer and over ElasticMQ, when they ran.
   */
  private String pivot(List<Row> throughput) {
    Set<String> names = new LinkedHashSet<>();
    Set<String> cases = new LinkedHashSet<>();
    throughput.forEach(
        r -> {
          names.add(r.system());
          cases.add(r.scenario() + "|" + r.bodyBytes());
        });
    boolean ours = names.contains(REFERENCE);
    boolean durableLead = ours && names.stream().anyMatch(this::durablePeer);
    boolean elasticLead = ours && names.contains(ELASTICMQ);
    StringBuilder md = new StringBuilder("| scenario | body |");
    names.forEach(n -> md.append(' ').append(n).append(" |"));
    md.append(durableLead ? " " + REFERENCE + " / best durable peer |" : "");
    md.append(elasticLead ? " " + REFERENCE + " / " + ELASTICMQ + " |" : "");
    md.append("\n|---|---:|");
    names.forEach(n -> md.append("---:|"));
    md.append(durableLead ? "---:|" : "").append(elasticLead ? "---:|" : "").append('\n');
    for (String c : cases) {
      String scenario = c.substring(0, c.indexOf('|'));
      int body = Integer.parseInt(c.substring(c.indexOf('|') + 1));
      md.append("| ").append(scenario).append(" | ").append(body).append(" |");
      double bestDurable = 0;
      for (String name : names) {
        Double rate = rate(throughput, name, scenario, body);
        md.append(' ').append(Metric.MESSAGES_PER_SECOND.format(rate)).append(" |");
        if (durablePeer(name) && rate != null) {
          bestDurable = Math.max(bestDurable, rate);
        }
      }
      Double reference = rate(throughput, REFERENCE, scenario, body);
      if (durableLead) {
        md.append(ratio(reference, bestDurable));
      }
      if (elasticLead) {
        md.append(ratio(reference, rate(throughput, ELASTICMQ, scenario, body)));
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String ratio(Double ours, Double theirs) {
    return ours == null || theirs == null || theirs == 0
        ? " n/a |"
        : String.format(Locale.ROOT, " %.1f× |", ours / theirs);
  }

  private boolean durablePeer(String name) {
    return peer(name) && systems.stream().anyMatch(s -> s.name().equals(name) && s.durable());
  }

  private static Double rate(List<Row> rows, String system, String scenario, int body) {
    return rows.stream()
        .filter(
            r ->
                r.system().equals(system) && r.scenario().equals(scenario) && r.bodyBytes() == body)
        .map(r -> r.value(Metric.MESSAGES_PER_SECOND))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  static boolean peer(String system) {
    return !system.startsWith("ironmq");
  }

  private void section(
      StringBuilder md, String title, String about, Predicate<Row> which, List<Metric> metrics) {
    List<Row> selected = rows.stream().filter(which).toList();
    if (selected.isEmpty()) {
      return;
    }
    md.append("\n## ").append(title).append("\n\n");
    if (!about.isEmpty()) {
      md.append(about).append("\n\n");
    }
    md.append("| system | scenario | body | conns |");
    metrics.forEach(m -> md.append(' ').append(m.label()).append(" |"));
    md.append("\n|---|---|---:|---:|");
    metrics.forEach(m -> md.append("---:|"));
    md.append('\n');
    for (Row row : selected) {
      md.append(
          String.format(
              "| %s | %s | %d | %d |",
              row.system(), row.scenario(), row.bodyBytes(), row.connections()));
      metrics.forEach(m -> md.append(' ').append(m.format(row.value(m))).append(" |"));
      md.append('\n');
    }
  }

  String csv() {
    StringBuilder csv = new StringBuilder("system,scenario,body_bytes,connections");
    for (Metric metric : Metric.values()) {
      csv.append(',').append(metric.column());
    }
    csv.append('\n');
    for (Row row : rows) {
      csv.append(
          String.format(
              Locale.ROOT,
              "\"%s\",%s,%d,%d",
              row.system(),
              row.scenario(),
              row.bodyBytes(),
              row.connections()));
      for (Metric metric : Metric.values()) {
        Double value = row.value(metric);
        csv.append(',')
            .append(
                value == null || value.isNaN() ? "" : String.format(Locale.ROOT, "%.3f", value));
      }
      csv.append('\n');
    }
    return csv.toString();
  }
}
