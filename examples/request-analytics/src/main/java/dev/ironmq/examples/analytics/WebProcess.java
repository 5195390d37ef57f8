package dev.ironmq.examples.analytics;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The web app as {@code demo web} in a JVM of its own, as each of the seed's configurations was a
 * deployment of its own: the JIT compiles it for its one way of posting, and its CPU time is its
 * alone. {@code compare} starts one per way of posting and reads the middleware's counters over
 * HTTP.
 */
final class WebProcess implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration STOP = Duration.ofSeconds(30);

  private final Process process;
  private final int port;
  private final Thread stopAtExit;
  private final HttpClient http = HttpClient.newHttpClient();

  private WebProcess(Process process, int port, Thread stopAtExit) {
    this.process = process;
    this.port = port;
    this.stopAtExit = stopAtExit;
  }

  /**
   * Runs {@code demo web} with this middleware on this port, on the same Java and class path as
   * this JVM, and waits until it serves.
   *
   * @param connections the arguments that say where the queue server and Redis are
   */
  static WebProcess start(RequestLogMiddleware.Mode mode, int port, List<String> connections) {
    requireFree(port);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(DemoMain.class.getName());
    command.addAll(List.of("web", "--middleware", mode.name().toLowerCase(java.util.Locale.ROOT)));
    command.addAll(List.of("--port", Integer.toString(port)));
    command.addAll(connections);
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the web app: " + e.getMessage(), e);
    }
    // stopped with compare, even when compare itself is stopped (Ctrl-C) mid-run
    Thread stopAtExit = new Thread(process::destroy, "stop-web-app-" + port);
    Runtime.getRuntime().addShutdownHook(stopAtExit);
    WebProcess web = new WebProcess(process, port, stopAtExit);
    try {
      web.awaitServing(mode);
    } catch (RuntimeException e) {
      web.close();
      throw e;
    }
    return web;
  }

  int port() {
    return port;
  }

  /** The middleware's counters. */
  RequestLogMiddleware.Stats stats() {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + WebApp.MIDDLEWARE_PATH))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "the web app on port " + port + " answered " + answer.statusCode());
      }
      try {
        return WebApp.stats(new JsonObject(answer.body()));
      } catch (RuntimeException notOurs) {
        throw new IllegalStateException(
            "port " + port + " does not answer as the demo's web app", notOurs);
      }
    } catch (IOException e) {
      throw new NotServingException(port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until every message the middleware took is accepted or failed, then its counters. */
  RequestLogMiddleware.Stats settled(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    RequestLogMiddleware.Stats stats = stats();
    while (stats.pending() > 0 && System.nanoTime() < deadline) {
      Compare.pause(Duration.ofMillis(20));
      stats = stats();
    }
    return stats;
  }

  /** CPU time the web app's JVM has used, over all its threads. */
  Duration cpuTime() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "the web app on port " + port + " exited with " + process.exitValue());
    }
    return process
        .toHandle()
        .info()
        .totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("this system does not report CPU time"));
  }

  /** Stops it as Ctrl-C would: it sends what its producer holds first. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException exiting) {
      // this JVM is already running its hooks; stopping a stopped process again is harmless
    }
  }

  private void awaitServing(RequestLogMiddleware.Mode mode) {
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the web app (" + mode + ") exited with " + process.exitValue() + " before serving");
      }
      try {
        RequestLogMiddleware.Mode serving = stats().mode();
        if (serving != mode) {
          throw new IllegalStateException(
              "port " + port + " answers as a web app posting " + serving + ", not " + mode);
        }
        return;
      } catch (NotServingException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the web app (" + mode + ") did not serve on port " + port + " within " + START,
              notYet);
        }
        Compare.pause(Duration.ofMillis(100));
      }
    }
  }

  /** Refuses a port something already listens on: the web app would fail to bind it. */
  private static void requireFree(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " is in use; compare needs it and the two after it free (--port)", e);
    }
  }

  /** Nothing answers on the web app's port (yet, or any more). */
  private static final class NotServingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NotServingException(int port, IOException cause) {
      super("the web app on port " + port + " does not answer", cause);
    }
  }
}
