package dev.ironmq.bench;

import dev.ironmq.bench.beanstalkd.BeanstalkdSystem;
import dev.ironmq.bench.elasticmq.ElasticMqSystem;
import dev.ironmq.bench.ironmq.IronMqPostgresSystem;
import dev.ironmq.bench.ironmq.IronMqSystem;
import dev.ironmq.bench.postgres.BenchDatabase;
import dev.ironmq.bench.postgres.PgbenchFloor;
import dev.ironmq.bench.rabbitmq.RabbitMqSystem;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ironmq bench}: runs the benchmark suite and writes its report. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures this server and its peers on this machine, in one run: starts each system afresh",
      "for each scenario and message size, runs the scenario after a warm-up, prints each result,",
      "and writes results.md, results.csv and throughput.png into a new folder under --out."
    },
    showDefaultValues = true)
public final class BenchMain implements Callable<Integer> {
  private static final Pattern IRONMQ_SYSTEM =
      Pattern.compile("ironmq-(always|interval|never)(-socket)?(-nometrics)?");

  /** What {@code --suite} selects, unless --systems or --scenarios say otherwise. */
  enum Suite {
    all(
        List.of(
            "ironmq-always",
            "ironmq-never",
            "elasticmq",
            "beanstalkd-f0",
            "beanstalkd",
            "rabbitmq"),
        List.of(
            "post-1",
            "post-100",
            "pipeline-1",
            "pipeline-100",
            "latency",
            "parked-polls",
            "backlog",
            "push")),
    ironmq(List.of("ironmq-always", "ironmq-never"), all.scenarios),
    postgres(
        List.of("ironmq-postgres", "ironmq-postgres-3", "pgbench"),
        List.of("post-1", "post-100", "pipeline-1")),
    steady(all.systems, List.of("post-1", "post-100", "pipeline-1", "pipeline-100", "latency"));

    final List<String> systems;
    final List<String> scenarios;

    Suite(List<String> systems, List<String> scenarios) {
      this.systems = systems;
      this.scenarios = scenarios;
    }
  }

  @Option(
      names = "--suite",
      defaultValue = "all",
      description =
          "all: every system and scenario; ironmq: this server only; steady: every system, the"
              + " post, pipeline and latency scenarios only; postgres: this server on PostgreSQL,"
              + " one node and three, against pgbench doing the same row work.")
  Suite suite;

  @Option(
      names = "--systems",
      split = ",",
      description =
          "Systems instead of the suite's: ironmq-always, ironmq-never (this server's --fsync;"
              + " with -socket, as in ironmq-always-socket, the load goes through a Unix domain"
              + " socket; with -nometrics, as in ironmq-always-nometrics, the server runs with"
              + " --metrics off --stats off), ironmq-postgres, ironmq-postgres-3 (on a fresh PostgreSQL database,"
              + " one node or three), pgbench (PostgreSQL's own rate for the same rows),"
              + " elasticmq, beanstalkd-f0, beanstalkd, rabbitmq.")
  List<String> systems;

  @Option(
      names = "--scenarios",
      split = ",",
      description =
          "Scenarios instead of the suite's: post-N, pipeline-N (N messages per call), latency,"
              + " parked-polls, backlog, push.")
  List<String> scenarios;

  @Option(
      names = "--connections",
      defaultValue = "32",
      description = "Concurrent keep-alive callers.")
  int connections;

  @Option(
      names = "--body-sizes",
      split = ",",
      defaultValue = "100,1024",
      description = "Message sizes in bytes.")
  List<Integer> bodySizes;

  @Option(names = "--warmup", defaultValue = "5", description = "Seconds of warm-up per scenario.")
  int warmupSeconds;

  @Option(names = "--duration", defaultValue = "10", description = "Measured seconds per scenario.")
  int durationSeconds;

  @Option(
      names = "--parked-polls",
      defaultValue = "10000",
      description = "Long polls parked in the parked-polls scenario.")
  int parkedPolls;

  @Option(
      names = "--backlog",
      defaultValue = "1000000",
      description = "Messages in the backlog scenario.")
  long backlog;

  @Option(
      names = "--launcher",
      defaultValue = "bin/ironmq",
      description = "The launcher that starts this server.")
  Path launcher;

  @Option(
      names = "--elasticmq-lib",
      defaultValue = "bench/elasticmq/target/lib",
      description = "ElasticMQ's jars (Maven copies them there when it builds the bench module).")
  Path elasticMqLib;

  @Option(
      names = "--rabbitmq-uri",
      defaultValue = "amqp://guest:guest@127.0.0.1:5672",
      description = "The RabbitMQ broker to measure; it must already run.")
  String rabbitMqUri;

  @Option(
      names = "--postgres-uri",
      defaultValue = "postgresql://postgres@127.0.0.1:5432/postgres",
      description =
          "A PostgreSQL database to connect to: the PostgreSQL systems each run on a fresh"
              + " database made there for them, and dropped after.")
  String postgresUri;

  @Option(names = "--out", defaultValue = "bench/results", description = "Where results go.")
  Path out;

  /**
   * Vert.x and Netty log a peer closing connections at the end of a scenario; failures that matter
   * reach the scenarios through their futures and are counted there. Held here: JUL keeps loggers
   * only weakly.
   */
  private static final List<Logger> QUIET =
      List.of(Logger.getLogger("io.vertx"), Logger.getLogger("io.netty"));

  private final List<String> arguments;
  private final AtomicInteger runs = new AtomicInteger();
  private Path runDir;

  BenchMain(List<String> arguments) {
    this.arguments = List.copyOf(arguments);
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    QUIET.forEach(logger -> logger.setLevel(Level.OFF));
    System.exit(
        new CommandLine(new BenchMain(List.of(args)))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws IOException {
    List<String> systemNames = systems == null ? suite.systems : systems;
    List<String> scenarioNames = scenarios == null ? suite.scenarios : scenarios;
    systemNames.forEach(this::system); // rejects an unknown name before anything runs
    ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    Path results = out.resolve(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")));
    runDir = Files.createTempDirectory("ironmq-bench");
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(2));
    SuiteRunner runner =
        new SuiteRunner(
            vertx,
            new SuiteRunner.Load(
                connections,
                Duration.ofSeconds(warmupSeconds),
                Duration.ofSeconds(durationSeconds),
                parkedPolls,
                backlog));
    try {
      for (String system : systemNames) {
        for (String scenario : scenarioNames) {
          List<Integer> sizes =
              scenario.equals("push") ? List.of(SuiteRunner.PUSH_BODY_BYTES) : bodySizes;
          for (int bodyBytes : sizes) {
            runner.run(system(system), scenario, bodyBytes);
          }
        }
      }
    } finally {
      LoadDriver.await(vertx.close());
    }
    new Report(run(started), runner.systems(), runner.rows(), runner.failures()).write(results);
    System.out.println("Results: " + results.resolve("results.md"));
    return runner.failures().isEmpty() ? 0 : 1;
  }

  private Report.RunInfo run(ZonedDateTime started) {
    return new Report.RunInfo(
        "Benchmark run of " + started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
        ("bin/ironmq bench " + String.join(" ", arguments)).strip(),
        Machine.describe() + "; commit " + Machine.commit(),
        String.format(
            "%d connections, %d s warm-up then %d s measured per scenario, bodies of %s bytes,"
                + " %,d parked polls, a backlog of %,d messages; each scenario and size on a"
                + " freshly started system (RabbitMQ: fresh queues on the running broker).",
            connections,
            warmupSeconds,
            durationSeconds,
            bodySizes.stream().map(String::valueOf).collect(Collectors.joining(" and ")),
            parkedPolls,
            backlog));
  }

  /** A socket's path is limited to 107 bytes, so it goes in a short temporary directory. */
  private static Path shortTempDir() {
    try {
      Path dir = Files.createTempDirectory("ironmq-bench");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Makes a fresh system of this name, each in its own directory. */
  private Supplier<QueueSystem> system(String name) {
    Supplier<Path> dir = () -> runDir.resolve(runs.incrementAndGet() + "-" + name);
    Matcher ironMq = IRONMQ_SYSTEM.matcher(name);
    if (ironMq.matches()) {
      String fsync = ironMq.group(1);
      boolean overSocket = ironMq.group(2) != null;
      boolean metrics = ironMq.group(3) == null;
      return () -> {
        Optional<Path> socket =
            overSocket ? Optional.of(shortTempDir().resolve("ironmq.sock")) : Optional.empty();
        return new IronMqSystem(List.of(launcher.toString()), dir.get(), fsync, socket, metrics);
      };
    }
    return switch (name) {
      case "ironmq-postgres" ->
          () ->
              new IronMqPostgresSystem(
                  List.of(launcher.toString()), dir.get(), new BenchDatabase(postgresUri), 1);
      case "ironmq-postgres-3" ->
          () ->
              new IronMqPostgresSystem(
                  List.of(launcher.toString()), dir.get(), new BenchDatabase(postgresUri), 3);
      case "pgbench" -> () -> new PgbenchFloor(new BenchDatabase(postgresUri), dir.get());
      case "elasticmq" -> () -> new ElasticMqSystem(elasticMqLib.toAbsolutePath(), dir.get());
      case "beanstalkd-f0" -> () -> new BeanstalkdSystem(true, dir.get());
      case "beanstalkd" -> () -> new BeanstalkdSystem(false, dir.get());
      case "rabbitmq" -> () -> new RabbitMqSystem(rabbitMqUri);
      default ->
          throw new CommandLine.ParameterException(new CommandLine(this), "unknown system " + name);
    };
  }
}
