package dev.ironmq.it;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The server in a child JVM, as an operator runs it, so that a test can kill it with SIGKILL or
 * stop it with SIGTERM and start it again on the same data directory.
 */
final class ServerProcess implements AutoCloseable {
  final Path dataDir;
  final int port;
  private final Path log;
  private final Optional<String> store;
  private final boolean ownsStore;
  private Process process;
  private boolean withAdminToken = true;

  /**
   * A server on this data directory; on a new database of its own when the run is on PostgreSQL
   * ({@link TestStore}), which it drops when it is closed.
   */
  ServerProcess(Path dataDir) {
    this(
        dataDir,
        TestStore.postgres() ? Optional.of(TestStore.newDatabase()) : Optional.empty(),
        true);
  }

  /** A server on this PostgreSQL database, which others may share (a node among several). */
  ServerProcess(Path dataDir, String postgresUrl) {
    this(dataDir, Optional.of(postgresUrl), false);
  }

  private ServerProcess(Path dataDir, Optional<String> store, boolean ownsStore) {
    this.dataDir = dataDir;
    this.port = freePort();
    this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    this.store = store;
    this.ownsStore = ownsStore;
  }

  /**
   * Starts the server and returns as soon as it answers its health check (polled every few
   * milliseconds, so a test sees the server the moment a client could).
   */
  ServerProcess start(String... extraArgs) {
    launch(extraArgs);
    awaitHealthy(Duration.ofSeconds(60));
    return this;
  }

  /** Lets the server create its own admin token at its first start, as it does by default. */
  ServerProcess withoutAdminToken() {
    withAdminToken = false;
    return this;
  }

  /** Starts the server without waiting for it. */
  ServerProcess launch(String... extraArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.ironmq.server.Main");
    command.addAll(
        List.of(
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--port",
            Integer.toString(port),
            "--project-id",
            TestServer.PROJECT,
            "--token",
            TestServer.TOKEN,
            "--event-loops",
            "2"));
    if (withAdminToken) {
      command.addAll(List.of("--admin-token", TestServer.ADMIN_TOKEN));
    }
    store.ifPresent(url -> command.addAll(List.of("--store", url)));
    command.addAll(List.of(extraArgs));
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The command line of the running process, as another local user could read it. */
  String commandLine() {
    return process.info().commandLine().orElse("");
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  RawHttp http() {
    return new RawHttp(baseUrl());
  }

  /** Kills the process with SIGKILL: no shutdown hook runs, nothing is flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the process with SIGTERM and returns its exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the server did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the server still runs after " + timeout + ":\n" + log());
    }
    return process.exitValue();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private void awaitHealthy(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the server exited at start:\n" + log());
      }
      try {
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleepBriefly();
    }
    throw new AssertionError("the server did not become healthy:\n" + log());
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownsStore) {
      store.ifPresent(TestStore::dropDatabase);
    }
  }
}
