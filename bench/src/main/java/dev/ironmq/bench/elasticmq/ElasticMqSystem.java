package dev.ironmq.bench.elasticmq;

import dev.ironmq.bench.ChildProcess;
import dev.ironmq.bench.ChildProcessSystem;
import dev.ironmq.bench.QueueTarget;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * ElasticMQ, the SQS-compatible server, in its own JVM from the jars Maven resolved into {@code
 * bench/elasticmq/target/lib}. It keeps messages in memory only.
 */
public final class ElasticMqSystem extends ChildProcessSystem {
  private final Path lib;
  private final Path runDir;
  private final int port = ChildProcess.freePort();
  private final String settings;
  private final ChildProcess process;

  /**
   * @param lib the directory holding ElasticMQ's jars and their dependencies
   * @param runDir a directory for its configuration and log
   */
  public ElasticMqSystem(Path lib, Path runDir) {
    this.lib = lib;
    this.runDir = runDir;
    this.settings =
        "rest-sqs.sqs-limits = relaxed (batches of 100, as the other targets), "
            + "pekko.http.server.max-connections = 20000 (for the parked polls), "
            + "rest-stats off; in-memory queues (no messages-storage)";
    this.process =
        new ChildProcess(
            name(),
            List.of(
                ChildProcess.javaExecutable(),
                "-Dconfig.file=" + runDir.resolve("elasticmq.conf"),
                "-cp",
                lib + "/*",
                "org.elasticmq.server.Main"),
            runDir.resolve("elasticmq.log"));
  }

  @Override
  public String name() {
    return "elasticmq";
  }

  @Override
  public String version() {
    try (Stream<Path> jars = Files.list(lib)) {
      return jars.map(jar -> jar.getFileName().toString())
          .filter(jar -> jar.startsWith("elasticmq-server_"))
          .map(jar -> jar.replaceAll("^elasticmq-server_[0-9.]+-|\\.jar$", ""))
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String settings() {
    return settings;
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public String notes() {
    return "in memory: nothing written to disk, messages lost on restart";
  }

  @Override
  public void start() {
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(
          "ElasticMQ's jars are not in " + lib + "; build them with ./mvnw -pl bench -am package");
    }
    try {
      Files.createDirectories(runDir);
      Files.writeString(
          runDir.resolve("elasticmq.conf"),
          String.join(
              "\n",
              "include classpath(\"application.conf\")",
              "node-address { host = \"127.0.0.1\", port = " + port + " }",
              "rest-sqs { bind-hostname = \"127.0.0.1\", bind-port = "
                  + port
                  + ","
                  + " sqs-limits = relaxed }",
              "rest-stats { enabled = false }",
              "pekko.http.server.max-connections = 20000",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process.start();
    process.awaitPort(port, Duration.ofMinutes(1));
  }

  @Override
  public boolean restartable() {
    return false;
  }

  @Override
  public void resume() {
    throw new UnsupportedOperationException("ElasticMQ keeps its messages in memory only");
  }

  @Override
  public QueueTarget connect(Vertx vertx, int connections) {
    return new SqsTarget(
        vertx,
        "http://127.0.0.1:" + port,
        "http://127.0.0.1:" + port + "/000000000000/",
        connections);
  }

  @Override
  protected ChildProcess process() {
    return process;
  }
}
