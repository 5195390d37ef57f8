package dev.ironmq.examples.analytics;

import dev.ironmq.client.IronMq;
import dev.ironmq.client.IronMqException;
import dev.ironmq.client.Worker;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** {@code bin/demo}: the request analytics demo's pieces, and the siege comparison. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "The request analytics demo: a web app, a queue, two workers and Redis.",
    subcommands = {
      DemoMain.Setup.class,
      DemoMain.Web.class,
      DemoMain.WorkerCommand.class,
      DemoMain.CompareCommand.class
    })
public final class DemoMain implements Runnable {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new DemoMain())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(DemoMain::report);
  }

  /**
   * A queue server or Redis that cannot be reached, or a configuration that cannot be read, is said
   * in a line, not a stack trace.
   */
  private static int report(Exception e, CommandLine command, ParseResult parsed) throws Exception {
    String message;
    if (e instanceof IronMqException || e instanceof JedisConnectionException) {
      message = e.getMessage();
    } else if (e instanceof UncheckedIOException io) {
      message = e.getMessage() + ": " + io.getCause().getMessage();
    } else {
      throw e;
    }
    command.getErr().println("demo " + command.getCommandName() + ": " + message);
    return 1;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  @Command(
      name = "setup",
      mixinStandardHelpOptions = true,
      description = "Makes the demo's queues anew (deleting what they held).")
  static final class Setup implements Callable<Integer> {
    @Mixin Connections connections;

    @Option(
        names = "--architecture",
        defaultValue = "2",
        description =
            "1: the pull queue requests, read by the request worker. 2 (default): requests pushes"
                + " every message to all_requests and ua_requests.")
    int architecture;

    @Option(
        names = "--subscribers",
        defaultValue = "webhook",
        description =
            "Architecture 2's subscribers: webhook (each queue's webhook URL, default) or ironmq"
                + " (ironmq:///queue).")
    Topology.Subscribers subscribers;

    @Override
    public Integer call() {
      Topology.Architecture chosen = Topology.Architecture.of(architecture);
      Topology.apply(connections.ironMq(), chosen, subscribers);
      System.out.println(
          chosen == Topology.Architecture.ONE
              ? "requests is a pull queue; run: bin/demo worker requests --architecture 1"
              : "requests pushes to all_requests and ua_requests ("
                  + subscribers.name().toLowerCase(java.util.Locale.ROOT)
                  + " subscribers); run: bin/demo worker requests, bin/demo worker ua");
      return 0;
    }
  }

  @Command(
      name = "web",
      mixinStandardHelpOptions = true,
      description = "Serves the web app: / shows the counts, /hello is the static page.")
  static final class Web implements Callable<Integer> {
    @Mixin Connections connections;

    @Option(
        names = "--middleware",
        defaultValue = "batched",
        description = "off, sync (one post per request, waited for) or batched (default).")
    RequestLogMiddleware.Mode mode;

    @Option(names = "--port", defaultValue = "8000", description = "Where it serves.")
    int port;

    @Override
    public Integer call() throws InterruptedException {
      IronMq mq = connections.ironMq();
      Counters counters = connections.counters();
      WebApp app = WebApp.start(port, mode, mq.queue(Topology.REQUESTS), counters);
      System.out.println("Serving http://127.0.0.1:" + app.port() + "/ (Ctrl-C stops)");
      runUntilStopped(app, counters);
      return 0;
    }
  }

  @Command(
      name = "worker",
      mixinStandardHelpOptions = true,
      description = "Runs a worker: requests (counts every request) or ua (counts user agents).")
  static final class WorkerCommand implements Callable<Integer> {
    @Mixin Connections connections;

    @Parameters(description = "requests or ua")
    Workers.Kind kind;

    @Option(
        names = "--architecture",
        defaultValue = "2",
        description = "Which queue the request worker reads: 1 requests, 2 all_requests.")
    int architecture;

    @Option(names = "--threads", defaultValue = "4", description = "Messages handled at once.")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
      IronMq mq = connections.ironMq();
      Counters counters = connections.counters();
      Topology.Architecture chosen = Topology.Architecture.of(architecture);
      Worker worker = Workers.start(kind, mq, chosen, counters, threads);
      System.out.println(
          "Counting from "
              + (kind == Workers.Kind.UA ? Topology.UA_REQUESTS : chosen.requestQueue())
              + " (Ctrl-C stops)");
      runUntilStopped(worker, counters);
      return 0;
    }
  }

  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description =
          "Runs siege against /hello with the middleware off, then sync and batched under"
              + " architecture 1, then architecture 2; prints the seed's table beside ours and"
              + " checks that the counts equal the messages posted. Exits 1 when a count is off.")
  static final class CompareCommand implements Callable<Integer> {
    @Mixin Connections connections;

    @Option(
        names = "--port",
        defaultValue = "8000",
        description =
            "Where the first of the three web apps (off, sync, batched) serves; the others on the"
                + " next two ports.")
    int port;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds per siege run.")
    int durationSeconds;

    @Option(
        names = "--concurrency",
        defaultValue = "15",
        description = "siege's concurrent users (the seed's run had about 15).")
    int users;

    @Option(
        names = "--rounds",
        defaultValue = "5",
        description = "Times each run is repeated; the table shows the median.")
    int rounds;

    @Option(
        names = "--warm-up",
        defaultValue = "120",
        description =
            "Seconds of siege against each way of posting before the first round, not reported,"
                + " so that the rounds measure compiled code.")
    int warmUpSeconds;

    @Option(names = "--worker-threads", defaultValue = "4", description = "Threads per worker.")
    int workerThreads;

    @Option(
        names = "--subscribers",
        defaultValue = "webhook",
        description = "Architecture 2's subscribers: webhook or ironmq.")
    Topology.Subscribers subscribers;

    @Option(
        names = "--workers-during-runs",
        description =
            "Run the workers alongside siege. By default they start when siege stops, as if on"
                + " machines of their own (the seed's workers were), so a run measures the web"
                + " app's cost.")
    boolean workersDuring;

    @Override
    public Integer call() {
      try (Counters counters = connections.counters()) {
        List<Compare.Outcome> outcomes =
            new Compare(
                    connections.ironMq(),
                    counters,
                    new Compare.Settings(
                        subscribers,
                        port,
                        Duration.ofSeconds(durationSeconds),
                        users,
                        Duration.ofSeconds(warmUpSeconds),
                        workerThreads,
                        workersDuring),
                    connections.arguments())
                .runAll(rounds, System.out);
        return Compare.print(outcomes, System.out) ? 0 : 1;
      }
    }
  }

  /**
   * Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes these in order: a worker
   * finishes or releases what it holds, the web app sends what its producer buffered.
   */
  private static void runUntilStopped(AutoCloseable... resources) throws InterruptedException {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable resource : resources) {
                    try {
                      resource.close();
                    } catch (Exception e) {
                      System.err.println("while stopping: " + e);
                    }
                  }
                }));
    new CountDownLatch(1).await();
  }
}
