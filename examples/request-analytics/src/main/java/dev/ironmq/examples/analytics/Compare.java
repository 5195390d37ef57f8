package dev.ironmq.examples.analytics;

import dev.ironmq.client.IronMq;
import dev.ironmq.client.Worker;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's measurement: siege against the static page with the middleware off, then posting
 * synchronously and in batches under the first architecture, then under the second. After each run
 * the workers count what was queued, and the counts in Redis must equal the messages the web app
 * posted: one per request it answered, which is what siege reports as served plus the requests
 * siege cut off when its time was up (at most one per concurrent user).
 *
 * <p>Each way of posting is a web app in a JVM of its own ({@link WebProcess}), started and warmed
 * up once and used by every round, as the seed deployed each configuration. One JVM serving the
 * three in turn shared their compiled code, and the JIT kept compiling inside the measured runs.
 *
 * <p>In the seed the workers ran on machines of their own. Here everything shares one machine, so
 * by default the workers start when siege stops and the run measures what the queue costs the web
 * app; {@code workersDuring} runs them alongside instead.
 */
final class Compare {
  /**
   * One run's configuration.
   *
   * @param mode how the middleware posts
   * @param architecture the queues behind it
   */
  record Run(RequestLogMiddleware.Mode mode, Topology.Architecture architecture) {
    String label() {
      return mode == RequestLogMiddleware.Mode.OFF
          ? "middleware off (baseline)"
          : "architecture " + architecture.number() + ", " + mode.name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What one run measured and counted.
   *
   * @param run its configuration
   * @param users siege's concurrent users
   * @param siege what siege reported
   * @param webCpu CPU time the web app's process spent while siege ran
   * @param posted messages the web app's middleware posted
   * @param failedPosts messages the middleware could not post
   * @param requestsCounted the request worker's count
   * @param userAgentsCounted the user-agent worker's counts, summed (second architecture)
   */
  record Outcome(
      Run run,
      int users,
      Siege.Result siege,
      Duration webCpu,
      long posted,
      long failedPosts,
      long requestsCounted,
      long userAgentsCounted) {
    /** The web app's CPU time per request siege saw served, in microseconds. */
    double webCpuMicrosPerRequest() {
      return siege.transactions() == 0 ? 0 : webCpu.toNanos() / 1000.0 / siege.transactions();
    }

    /**
     * Every posted message counted once by each worker, and one message per request siege saw
     * served (give or take the requests it cut off at the end: at most one per user).
     */
    boolean exact() {
      if (run.mode() == RequestLogMiddleware.Mode.OFF) {
        return posted == 0 && requestsCounted == 0 && userAgentsCounted == 0;
      }
      boolean agents =
          run.architecture() == Topology.Architecture.ONE || userAgentsCounted == posted;
      long cutOff = posted - siege.transactions();
      return failedPosts == 0
          && requestsCounted == posted
          && agents
          && cutOff >= 0
          && cutOff <= users;
    }
  }

  private static final Run BASELINE =
      new Run(RequestLogMiddleware.Mode.OFF, Topology.Architecture.ONE);

  /**
   * One round, in order. The baseline runs before each architecture, and once more after the last
   * round, so that every run has a baseline on either side of it (see {@link #print}).
   */
  static final List<Run> ROUND =
      List.of(
          BASELINE,
          new Run(RequestLogMiddleware.Mode.SYNC, Topology.Architecture.ONE),
          new Run(RequestLogMiddleware.Mode.BATCHED, Topology.Architecture.ONE),
          BASELINE,
          new Run(RequestLogMiddleware.Mode.SYNC, Topology.Architecture.TWO),
          new Run(RequestLogMiddleware.Mode.BATCHED, Topology.Architecture.TWO));

  /** Times a run is tried when siege hangs. */
  private static final int ATTEMPTS = 3;

  /** How long the workers get, after siege stops, to count what is still queued. */
  private static final Duration SETTLE = Duration.ofSeconds(120);

  /**
   * How the measurement runs.
   *
   * @param subscribers architecture 2's subscribers
   * @param port where the first web app serves; the others on the ports after it
   * @param duration each siege run
   * @param users siege's concurrent users
   * @param warmUp siege against each way of posting before the first round, not reported
   * @param workerThreads threads per worker
   * @param workersDuring whether the workers run alongside siege rather than after it
   */
  record Settings(
      Topology.Subscribers subscribers,
      int port,
      Duration duration,
      int users,
      Duration warmUp,
      int workerThreads,
      boolean workersDuring) {}

  /** How long a web app gets, after siege stops, to post what its middleware still holds. */
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private final IronMq mq;
  private final Counters counters;
  private final Settings settings;
  private final List<String> connections;
  private final Map<RequestLogMiddleware.Mode, WebProcess> webApps =
      new EnumMap<>(RequestLogMiddleware.Mode.class);

  /**
   * @param connections the arguments that tell the web apps where the queue server and Redis are
   */
  Compare(IronMq mq, Counters counters, Settings settings, List<String> connections) {
    this.mq = mq;
    this.counters = counters;
    this.settings = settings;
    this.connections = connections;
  }

  /** Every run in turn, that many rounds over (the machine's noise shifts from run to run). */
  List<Outcome> runAll(int rounds, PrintStream progress) {
    try {
      progress.println(
          "Starting a web app per way of posting and warming each up for "
              + settings.warmUp().toSeconds()
              + " s...");
      startAndWarmUp();
      List<Outcome> outcomes = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        for (Run run : ROUND) {
          progress.printf(
              Locale.ROOT,
              "Round %d of %d: %s for %d s...%n",
              round,
              rounds,
              run.label(),
              settings.duration().toSeconds());
          outcomes.add(runAgainIfSiegeHangs(run, progress));
        }
      }
      progress.printf(
          Locale.ROOT,
          "Closing: %s for %d s...%n",
          BASELINE.label(),
          settings.duration().toSeconds());
      outcomes.add(runAgainIfSiegeHangs(BASELINE, progress));
      return outcomes;
    } finally {
      webApps.values().forEach(WebProcess::close);
      webApps.clear();
    }
  }

  private Outcome runAgainIfSiegeHangs(Run run, PrintStream progress) {
    for (int attempt = 1; ; attempt++) {
      try {
        return run(run);
      } catch (Siege.HungException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        progress.println(e.getMessage() + "; running it again");
      }
    }
  }

  private Outcome run(Run run) {
    WebProcess app = webApps.get(run.mode());
    // a run that siege cut short may have left messages in the producer: posted before the reset
    RequestLogMiddleware.Stats before = app.settled(DRAIN);
    Topology.apply(mq, run.architecture(), settings.subscribers());
    counters.reset();
    List<Worker> workers = new ArrayList<>();
    try {
      if (settings.workersDuring()) {
        startWorkers(run, workers);
      }
      Duration cpuBefore = app.cpuTime();
      Siege.Result siege = siege(app.port(), settings.duration());
      Duration webCpu = app.cpuTime().minus(cpuBefore);
      RequestLogMiddleware.Stats after = app.settled(DRAIN);
      long posted = after.posted() - before.posted();
      long failed = after.failed() + after.pending() - before.failed();
      if (!settings.workersDuring()) {
        startWorkers(run, workers);
      }
      awaitCounts(run, posted);
      long agents = counters.userAgents().values().stream().mapToLong(Long::longValue).sum();
      return new Outcome(
          run, settings.users(), siege, webCpu, posted, failed, counters.requests(), agents);
    } finally {
      workers.forEach(worker -> worker.stop(Duration.ofSeconds(5)));
    }
  }

  private void startWorkers(Run run, List<Worker> workers) {
    int threads = settings.workerThreads();
    workers.add(Workers.start(Workers.Kind.REQUESTS, mq, run.architecture(), counters, threads));
    if (run.architecture() == Topology.Architecture.TWO) {
      workers.add(Workers.start(Workers.Kind.UA, mq, run.architecture(), counters, threads));
    }
  }

  /**
   * Starts a web app per way of posting and runs siege against each, unreported, so that no round
   * pays for the JIT compiling the web app, the middleware and the client. On one core that takes
   * long: the compiler shares the core with siege and the web app. The sync app warms up under the
   * second architecture, so that the queue server's push deliveries are compiled too.
   */
  private void startAndWarmUp() {
    for (RequestLogMiddleware.Mode mode : RequestLogMiddleware.Mode.values()) {
      Topology.apply(
          mq,
          mode == RequestLogMiddleware.Mode.SYNC
              ? Topology.Architecture.TWO
              : Topology.Architecture.ONE,
          settings.subscribers());
      WebProcess app = WebProcess.start(mode, settings.port() + mode.ordinal(), connections);
      webApps.put(mode, app);
      try {
        siege(app.port(), settings.warmUp());
      } catch (Siege.HungException e) {
        // warm all the same
      }
      app.settled(DRAIN);
    }
  }

  /** siege's concurrent users against a web app's static page, for that long. */
  private Siege.Result siege(int port, Duration duration) {
    return Siege.run("http://127.0.0.1:" + port + "/hello", duration, settings.users());
  }

  /** Waits until the counts reach what was served and the queues are empty, or time is up. */
  private void awaitCounts(Run run, long expected) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (System.nanoTime() < deadline) {
      boolean counted = counters.requests() >= expected;
      boolean empty =
          List.of(Topology.REQUESTS, Topology.ALL_REQUESTS, Topology.UA_REQUESTS).stream()
              .filter(
                  q ->
                      run.architecture() == Topology.Architecture.TWO
                          || q.equals(Topology.REQUESTS))
              .allMatch(q -> mq.queue(q).info().size() == 0);
      if (counted && empty) {
        return;
      }
      pause(Duration.ofMillis(100));
    }
  }

  /**
   * The seed's table, its published rows first, then ours; true when every count was exact.
   *
   * <p>A shared machine's speed drifts while the runs go by, so each run is set against the
   * baseline runs on either side of it in time, the mean of their rates, and a row's change is the
   * median of those changes over the rounds. The other figures in a row are from the round with the
   * median transaction rate.
   *
   * @param outcomes the runs in the order they ran
   */
  static boolean print(List<Outcome> outcomes, PrintStream out) {
    out.println();
    out.println(
        "| run | response time | mean (ms) | longest transaction | transaction rate | vs baseline"
            + " | web CPU per request | served | posted | counted | exact |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    out.println(
        "| seed: Django, middleware off | 0.04 s | | 0.19 s | 363.43/s | | | 3,329 | | | |");
    out.println(
        "| seed: Django, middleware on (IronMQ) | 0.12 s | | 3.50 s | 123.43/s | -66.0% | | 1,222"
            + " | | | |");
    Map<Run, List<Integer>> byRun = new LinkedHashMap<>();
    for (int i = 0; i < outcomes.size(); i++) {
      byRun.computeIfAbsent(outcomes.get(i).run(), run -> new ArrayList<>()).add(i);
    }
    boolean exact = true;
    List<String> roundLines = new ArrayList<>();
    for (List<Integer> runs : byRun.values()) {
      Outcome outcome = median(runs.stream().map(outcomes::get).toList());
      boolean baseline = outcome.run().mode() == RequestLogMiddleware.Mode.OFF;
      List<Double> changes = baseline ? List.of() : changes(outcomes, runs);
      boolean allExact = runs.stream().map(outcomes::get).allMatch(Outcome::exact);
      Siege.Result siege = outcome.siege();
      String counted =
          outcome.run().architecture() == Topology.Architecture.TWO
              ? String.format(
                  Locale.ROOT, "%,d / %,d", outcome.requestsCounted(), outcome.userAgentsCounted())
              : String.format(Locale.ROOT, "%,d", outcome.requestsCounted());
      out.println(
          String.format(
              Locale.ROOT,
              "| %s | %.2f s | %.2f | %.2f s | %,.2f/s | %s | %.0f µs | %,d | %,d | %s | %s |",
              outcome.run().label(),
              siege.responseSeconds(),
              siege.meanMillis(),
              siege.longestSeconds(),
              siege.rate(),
              baseline ? "" : percent(median(changes, Comparator.naturalOrder())),
              outcome.webCpuMicrosPerRequest(),
              siege.transactions(),
              outcome.posted(),
              counted,
              allExact ? "yes" : "NO"));
      exact &= allExact;
      roundLines.add("- " + outcome.run().label() + ": " + rounds(outcomes, runs, changes));
    }
    out.println();
    out.println(
        "mean (ms) is siege's concurrency divided by its transaction rate; siege rounds its own"
            + " response time to 10 ms. vs baseline: the median over the rounds of the run's rate"
            + " against the mean of the baseline runs just before and just after it. web CPU per"
            + " request: the CPU time the web app's process (with its middleware and client) spent"
            + " during the run, per request served; siege and the kernel's share of the web core"
            + " are not in it. served: what siege counted; posted: the messages the web app"
            + " posted, one per request it answered (siege does not count the requests it cuts off"
            + " when its time is up); counted: the request worker's count (and, under architecture"
            + " 2, the user-agent worker's). exact: each count equals posted.");
    out.println();
    out.println(
        "Each row but the change is the round with the median transaction rate. Every round's"
            + " rate, in the order they ran, with its change against the baselines on either side"
            + " of it:");
    roundLines.forEach(out::println);
    return exact;
  }

  /** Each of these runs' rate against the mean rate of the baseline runs next to it in time. */
  private static List<Double> changes(List<Outcome> outcomes, List<Integer> runs) {
    List<Double> changes = new ArrayList<>();
    for (int i : runs) {
      double sum = 0;
      int baselines = 0;
      for (int step : new int[] {-1, 1}) {
        for (int j = i + step; j >= 0 && j < outcomes.size(); j += step) {
          if (outcomes.get(j).run().mode() == RequestLogMiddleware.Mode.OFF) {
            sum += outcomes.get(j).siege().rate();
            baselines++;
            break;
          }
        }
      }
      changes.add((outcomes.get(i).siege().rate() / (sum / baselines) - 1) * 100);
    }
    return changes;
  }

  /** A run's rate in each round, with its change when it is not the baseline. */
  private static String rounds(List<Outcome> outcomes, List<Integer> runs, List<Double> changes) {
    List<String> rates = new ArrayList<>();
    for (int k = 0; k < runs.size(); k++) {
      double rate = outcomes.get(runs.get(k)).siege().rate();
      rates.add(
          changes.isEmpty()
              ? String.format(Locale.ROOT, "%,.0f/s", rate)
              : String.format(Locale.ROOT, "%,.0f/s (%s)", rate, percent(changes.get(k))));
    }
    return String.join(", ", rates);
  }

  private static String percent(double change) {
    return String.format(Locale.ROOT, "%+.1f%%", change);
  }

  /** The outcome with the median transaction rate. */
  private static Outcome median(List<Outcome> runs) {
    return median(runs, Comparator.comparingDouble(o -> o.siege().rate()));
  }

  /** The median in this order: the lower middle one of an even count. */
  private static <T> T median(List<T> items, Comparator<? super T> order) {
    List<T> sorted = items.stream().sorted(order).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
