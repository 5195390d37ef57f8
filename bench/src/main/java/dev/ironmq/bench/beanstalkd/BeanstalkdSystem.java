package dev.ironmq.bench.beanstalkd;

import dev.ironmq.bench.ChildProcess;
import dev.ironmq.bench.ChildProcessSystem;
import dev.ironmq.bench.QueueTarget;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * beanstalkd from the system's package, started by the benchmark on a free port: either with its
 * binlog fsynced on every write ({@code -b DIR -f0}), or as it runs by default (no binlog).
 */
public final class BeanstalkdSystem extends ChildProcessSystem {
  private final boolean binlog;
  private final Path binlogDir;
  private final int port = ChildProcess.freePort();
  private final List<String> command = new ArrayList<>();
  private final ChildProcess process;

  /**
   * @param binlog whether to keep a binlog fsynced on every write
   * @param runDir a directory for its binlog and its log
   */
  public BeanstalkdSystem(boolean binlog, Path runDir) {
    this.binlog = binlog;
    this.binlogDir = runDir.resolve("binlog");
    command.addAll(List.of("beanstalkd", "-l", "127.0.0.1", "-p", Integer.toString(port)));
    if (binlog) {
      command.addAll(List.of("-b", binlogDir.toString(), "-f0"));
    }
    this.process = new ChildProcess(name(), command, runDir.resolve("beanstalkd.log"));
  }

  @Override
  public String name() {
    return binlog ? "beanstalkd (-f0)" : "beanstalkd (default)";
  }

  @Override
  public String version() {
    return ChildProcess.output(List.of("beanstalkd", "-v")).strip().replace("beanstalkd ", "");
  }

  @Override
  public String settings() {
    return String.join(" ", command);
  }

  @Override
  public boolean durable() {
    return binlog;
  }

  @Override
  public String notes() {
    String batches = "no batch commands: a batch is that many commands pipelined";
    return binlog ? batches : "no binlog: in memory, messages lost on restart; " + batches;
  }

  @Override
  public void start() {
    try {
      Files.createDirectories(binlogDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    resume();
  }

  @Override
  public boolean restartable() {
    return binlog;
  }

  @Override
  public void resume() {
    process.start();
    process.awaitPort(port, Duration.ofMinutes(5));
  }

  @Override
  public QueueTarget connect(Vertx vertx, int connections) {
    return new BeanstalkTarget(vertx, port, connections);
  }

  @Override
  protected ChildProcess process() {
    return process;
  }
}
