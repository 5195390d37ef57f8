package dev.ironmq.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A server the benchmark runs as a child process, with its output in a log file. */
public final class ChildProcess {
  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;

  public ChildProcess(String name, List<String> command, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
  }

  public void start() {
    try {
      Files.createDirectories(log.getParent());
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  /** Waits until {@code ready} holds, failing early if the process exits. */
  public void awaitReady(BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
      }
      LoadDriver.sleep(Duration.ofMillis(10));
    }
  }

  /** Waits until the process accepts TCP connections on this loopback port. */
  public void awaitPort(int port, Duration timeout) {
    awaitReady(() -> accepts(port), timeout);
  }

  /** The resident memory of the process, in bytes, read from /proc. */
  public OptionalLong residentBytes() {
    return process == null || !process.isAlive()
        ? OptionalLong.empty()
        : residentBytes(process.pid());
  }

  /** The resident memory of any process, in bytes, read from /proc. */
  public static OptionalLong residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
        }
      }
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /** Asks the process to stop (SIGTERM) and waits for it; kills it if it takes over a minute. */
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a short command and returns what it printed, or why it could not run. */
  public static String output(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      return output;
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The java command this benchmark runs on, to start other JVMs with. */
  public static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  public static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
