package dev.ironmq.bench;

import dev.ironmq.bench.ironmq.IronMqClient;
import dev.ironmq.bench.ironmq.IronMqSystem;
import dev.ironmq.bench.ironmq.PushScenario;
import dev.ironmq.bench.postgres.PgbenchFloor;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs scenarios on systems, each scenario and size on a freshly started system, and gathers the
 * rows. A scenario that fails is noted and the run goes on.
 */
final class SuiteRunner {
  /**
   * How the load is shaped.
   *
   * @param connections concurrent callers
   * @param warmup time before each measured window
   * @param window the measured window
   * @param parkedPolls polls in the parked-polls scenario
   * @param backlog messages in the backlog scenario
   */
  record Load(int connections, Duration warmup, Duration window, int parkedPolls, long backlog) {}

  /** Long-polling consumers in the latency scenario. */
  static final int LATENCY_CONSUMERS = 4;

  /** Time for parked polls to connect and park before the other requests start. */
  static final Duration SETTLE = Duration.ofSeconds(5);

  /** The body of a push: the post time as a decimal string. */
  static final int PUSH_BODY_BYTES = 19;

  private final Vertx vertx;
  private final Load load;
  private final LoadDriver driver;
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Report.SystemInfo> systems = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private final Map<String, Double> saturatedPipelines = new HashMap<>();

  SuiteRunner(Vertx vertx, Load load) {
    this.vertx = vertx;
    this.load = load;
    this.driver = new LoadDriver(vertx, load.warmup(), load.window());
  }

  /** Runs a scenario at one message size on a system made for the run. */
  void run(Supplier<QueueSystem> fresh, String scenario, int bodyBytes) {
    try (QueueSystem system = fresh.get()) {
      if (!applies(system, scenario)) {
        return;
      }
      System.err.printf("== %s: %s, %d bytes%n", system.name(), scenario, bodyBytes);
      system.start();
      systems.putIfAbsent(
          system.name(),
          new Report.SystemInfo(
              system.name(),
              system.version(),
              system.settings(),
              system.notes(),
              system.durable()));
      for (Row row : measure(system, scenario, bodyBytes)) {
        rows.add(row);
        System.out.println(Report.line(row));
      }
    } catch (RuntimeException e) {
      String failure = scenario + " (" + bodyBytes + " bytes): " + e;
      failures.add(failure);
      System.err.println("FAILED " + failure);
    }
  }

  /** Push queues are this server's alone; parked polls need a reserve that waits on the server. */
  private static boolean applies(QueueSystem system, String scenario) {
    return switch (scenario) {
      case "push" -> system instanceof IronMqSystem;
      case "parked-polls" -> system.parksRequests();
      default -> !(system instanceof PgbenchFloor) || PgbenchFloor.measures(scenario);
    };
  }

  private List<Row> measure(QueueSystem system, String scenario, int bodyBytes) {
    String name = system.name();
    int users = load.connections();
    if (scenario.equals("backlog")) {
      return List.of(backlog(system, bodyBytes));
    }
    if (scenario.equals("push")) {
      return push((IronMqSystem) system);
    }
    if (system instanceof PgbenchFloor floor) {
      return List.of(floor.measure(scenario, bodyBytes, users, load.warmup(), load.window()));
    }
    try (QueueTarget target = system.connect(vertx, users)) {
      String queue = scenario + "-" + bodyBytes;
      if (scenario.startsWith("post-")) {
        Measurement measured =
            Scenarios.post(driver, target, queue, users, batchOf(scenario), bodyBytes);
        return List.of(Row.of(name, scenario, bodyBytes, users, measured));
      }
      if (scenario.startsWith("pipeline-")) {
        Measurement measured =
            Scenarios.pipeline(driver, target, queue, users, batchOf(scenario), bodyBytes);
        if (scenario.equals("pipeline-1")) {
          saturatedPipelines.put(name + "|" + bodyBytes, measured.messagesPerSecond());
        }
        return List.of(Row.of(name, scenario, bodyBytes, users, measured));
      }
      if (scenario.equals("latency")) {
        return latency(system, target, bodyBytes);
      }
      if (scenario.equals("parked-polls")) {
        ParkedPolls.Result parked =
            ParkedPolls.run(
                vertx, driver, system, target, load.parkedPolls(), SETTLE, users, bodyBytes);
        return List.of(
            Row.of(name, "parked-polls", bodyBytes, users, parked.others())
                .with(Metric.RSS_IDLE_MB, megabytes(parked.idleBytes()))
                .with(Metric.RSS_PARKED_MB, megabytes(parked.parkedBytes()))
                .with(Metric.RSS_LOADED_MB, megabytes(parked.loadedBytes()))
                .with(Metric.ERRORS, parked.failedPolls() + parked.others().errors()));
      }
    }
    throw new IllegalArgumentException("unknown scenario " + scenario);
  }

  /**
   * Latency at half the saturated single-message pipeline rate of this system and size, measured
   * first when this run has not measured it yet.
   */
  private List<Row> latency(QueueSystem system, QueueTarget target, int bodyBytes) {
    List<Row> measured = new ArrayList<>();
    String key = system.name() + "|" + bodyBytes;
    if (!saturatedPipelines.containsKey(key)) {
      Measurement saturated =
          Scenarios.pipeline(
              driver, target, "saturate-" + bodyBytes, load.connections(), 1, bodyBytes);
      saturatedPipelines.put(key, saturated.messagesPerSecond());
      measured.add(Row.of(system.name(), "pipeline-1", bodyBytes, load.connections(), saturated));
    }
    double rate = saturatedPipelines.get(key) / 2;
    Measurement latency =
        Scenarios.latency(
            vertx, driver, target, "latency-" + bodyBytes, rate, LATENCY_CONSUMERS, bodyBytes);
    measured.add(Row.of(system.name(), "latency", bodyBytes, LATENCY_CONSUMERS + 1, latency));
    return measured;
  }

  private Row backlog(QueueSystem system, int bodyBytes) {
    Backlog.Result result =
        new Backlog(vertx, system, load.connections(), bodyBytes).run(load.backlog());
    Row row =
        new Row(system.name(), "backlog", bodyBytes, load.connections(), Map.of())
            .with(Metric.FILL_PER_SECOND, result.fillPerSecond())
            .with(Metric.SMALL_DRAIN_PER_SECOND, result.smallPerSecond())
            .with(Metric.DRAIN_START_PER_SECOND, result.startPerSecond())
            .with(Metric.DRAIN_END_PER_SECOND, result.endPerSecond())
            .with(Metric.DRAIN_END_VS_SMALL, result.endPerSecond() / result.smallPerSecond());
    return result.ready() == null
        ? row
        : row.with(Metric.READY_SECONDS, result.ready().toMillis() / 1000.0);
  }

  private List<Row> push(IronMqSystem system) {
    IronMqClient client = system.client(vertx, load.connections());
    try {
      PushScenario.Result result =
          new PushScenario(vertx, client, load.warmup(), load.window()).run(load.connections());
      String name = system.name();
      int users = load.connections();
      return List.of(
          Row.of(name, "push-http-saturated", PUSH_BODY_BYTES, users, result.saturated()),
          Row.of(name, "push-queue-copies", PUSH_BODY_BYTES, users, result.queueCopies()),
          Row.of(name, "push-posts-saturated", PUSH_BODY_BYTES, users, result.posts()),
          Row.of(name, "push-http-half-rate", PUSH_BODY_BYTES, users, result.halfRate()));
    } finally {
      client.close();
    }
  }

  private static int batchOf(String scenario) {
    return Integer.parseInt(scenario.substring(scenario.indexOf('-') + 1));
  }

  private static double megabytes(long bytes) {
    return bytes < 0 ? Double.NaN : bytes / 1024.0 / 1024.0;
  }

  List<Row> rows() {
    return rows;
  }

  List<Report.SystemInfo> systems() {
    return new ArrayList<>(systems.values());
  }

  List<String> failures() {
    return failures;
  }
}
