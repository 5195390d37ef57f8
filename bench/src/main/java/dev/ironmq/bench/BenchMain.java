package dev.ironmq.bench;

import dev.ironmq.bench.ironmq.IronMqClient;
import dev.ironmq.bench.ironmq.IronMqProcess;
import dev.ironmq.bench.ironmq.IronMqTarget;
import dev.ironmq.bench.ironmq.PushScenario;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ironmq bench}: runs benchmark scenarios and writes their results. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures this server: starts it from the server jar on a fresh data directory for each",
      "fsync policy, runs each scenario after a warm-up, and prints a Markdown table (also",
      "written with a CSV to --out)."
    },
    showDefaultValues = true)
public final class BenchMain implements Callable<Integer> {
  @Option(
      names = "--scenarios",
      split = ",",
      defaultValue = "post-1,post-100,pipeline-1,pipeline-100,roundtrip",
      description =
          "Scenarios: post-N, pipeline-N (N messages per call), roundtrip, push (multicast to two"
              + " HTTP subscribers and one queue).")
  List<String> scenarios;

  @Option(
      names = "--fsync",
      split = ",",
      defaultValue = "always",
      description = "Server fsync policies.")
  List<String> fsyncPolicies;

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
      names = "--launcher",
      defaultValue = "bin/ironmq",
      description = "The launcher that starts the server.")
  Path launcher;

  @Option(
      names = "--out",
      defaultValue = "bench/results",
      description = "Where results are written.")
  Path out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(2));
    LoadDriver driver =
        new LoadDriver(
            vertx, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds));
    List<Row> rows = new ArrayList<>();
    PrintStream console = System.out;
    console.println(Row.MARKDOWN_HEADER);
    Path runDir = Files.createTempDirectory("ironmq-bench");
    for (String fsync : fsyncPolicies) {
      try (IronMqProcess server =
          new IronMqProcess(launcher, runDir.resolve("fsync-" + fsync), fsync)) {
        server.start();
        try (IronMqTarget target =
            new IronMqTarget(
                "ironmq (fsync " + fsync + ")",
                vertx,
                server.url(),
                IronMqProcess.PROJECT,
                IronMqProcess.TOKEN,
                connections)) {
          for (String scenario : scenarios) {
            if (scenario.equals("push")) {
              for (Row row : push(vertx, server, target.name())) {
                rows.add(row);
                console.println(row.markdown());
              }
              continue;
            }
            for (int bodyBytes : bodySizes) {
              Row row = run(driver, target, scenario, bodyBytes);
              rows.add(row);
              console.println(row.markdown());
            }
          }
        }
      }
    }
    write(rows);
    LoadDriver.await(vertx.close());
    return 0;
  }

  private Row run(LoadDriver driver, QueueTarget target, String scenario, int bodyBytes) {
    String queue = scenario + "-" + bodyBytes + "-" + System.nanoTime();
    Measurement result;
    int users = connections;
    if (scenario.startsWith("post-")) {
      result = Scenarios.post(driver, target, queue, users, batchOf(scenario), bodyBytes);
    } else if (scenario.startsWith("pipeline-")) {
      result = Scenarios.pipeline(driver, target, queue, users, batchOf(scenario), bodyBytes);
    } else if (scenario.equals("roundtrip")) {
      users = 1;
      result = Scenarios.roundTrip(driver, target, queue, bodyBytes);
    } else {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "unknown scenario " + scenario);
    }
    return new Row(target.name(), scenario, bodyBytes, users, result, target.notes());
  }

  /** The push scenario: its rows are HTTP deliveries at saturation and at half rate, and copies. */
  private List<Row> push(Vertx vertx, IronMqProcess server, String targetName) {
    IronMqClient client =
        new IronMqClient(
            vertx, server.url(), IronMqProcess.PROJECT, IronMqProcess.TOKEN, connections);
    try {
      PushScenario.Result result =
          new PushScenario(
                  vertx,
                  client,
                  Duration.ofSeconds(warmupSeconds),
                  Duration.ofSeconds(durationSeconds))
              .run(connections);
      String bodyNote = "body: the post time as a decimal string (19 bytes)";
      return List.of(
          new Row(targetName, "push-http-saturated", 19, connections, result.saturated(), bodyNote),
          new Row(targetName, "push-queue-copies", 19, connections, result.queueCopies(), bodyNote),
          new Row(targetName, "push-posts-saturated", 19, connections, result.posts(), bodyNote),
          new Row(targetName, "push-http-half-rate", 19, connections, result.halfRate(), bodyNote));
    } finally {
      client.close();
    }
  }

  private static int batchOf(String scenario) {
    return Integer.parseInt(scenario.substring(scenario.indexOf('-') + 1));
  }

  private void write(List<Row> rows) throws IOException {
    Files.createDirectories(out);
    String stamp = LocalDate.now().toString();
    List<String> csv = new ArrayList<>();
    csv.add(Row.CSV_HEADER);
    rows.forEach(r -> csv.add(r.csv()));
    Files.write(out.resolve("bench-" + stamp + ".csv"), csv);
    List<String> markdown = new ArrayList<>();
    markdown.add(Row.MARKDOWN_HEADER);
    rows.forEach(r -> markdown.add(r.markdown()));
    Files.write(out.resolve("bench-" + stamp + ".md"), markdown);
  }
}
