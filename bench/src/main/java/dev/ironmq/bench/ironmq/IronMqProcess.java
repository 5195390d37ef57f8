package dev.ironmq.bench.ironmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This server in its own JVM, started from the server jar on a fresh (or given) data directory, as
 * an operator would run it.
 */
public final class IronMqProcess implements AutoCloseable {
  public static final String PROJECT = "0123456789abcdef01234567";
  public static final String TOKEN = "bench-token";

  private final Path launcher;
  private final Path dataDir;
  private final String fsync;
  private final int port;
  private Process process;

  public IronMqProcess(Path launcher, Path dataDir, String fsync) {
    this.launcher = launcher;
    this.dataDir = dataDir;
    this.fsync = fsync;
    this.port = freePort();
  }

  /** Starts the server and returns how long it took to answer its health check. */
  public Duration start() {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(
        List.of(
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--port",
            Integer.toString(port),
            "--fsync",
            fsync,
            "--project-id",
            PROJECT,
            "--token",
            TOKEN));
    long started = System.nanoTime();
    try {
      Files.createDirectories(dataDir);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitHealthy();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** The resident memory of the server process, in bytes (from /proc). */
  public long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return -1;
  }

  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        process.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void awaitHealthy() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited; see its log next to " + dataDir);
      }
      try {
        HttpResponse<Void> health =
            client.send(
                HttpRequest.newBuilder(URI.create(url() + "/health")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the server did not become healthy");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
