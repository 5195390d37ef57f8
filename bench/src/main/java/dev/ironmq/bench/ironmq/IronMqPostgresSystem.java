package dev.ironmq.bench.ironmq;

import dev.ironmq.bench.ChildProcess;
import dev.ironmq.bench.QueueSystem;
import dev.ironmq.bench.QueueTarget;
import dev.ironmq.bench.postgres.BenchDatabase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * This server on PostgreSQL: one node or several, each its own JVM, all on one fresh database that
 * the benchmark creates for the run and drops afterwards; the load goes to the nodes in turn.
 */
public final class IronMqPostgresSystem implements QueueSystem {
  private final List<String> serverCommand;
  private final BenchDatabase database;
  private final int nodes;
  private final List<Integer> ports = new ArrayList<>();
  private final List<ChildProcess> processes = new ArrayList<>();
  private String version = "unknown";

  /**
   * @param serverCommand what runs the server, before its {@code serve} options
   * @param dir a directory that does not exist yet, for the nodes' data directories and logs
   * @param database the database the nodes share, made for this system alone
   * @param nodes how many nodes
   */
  public IronMqPostgresSystem(
      List<String> serverCommand, Path dir, BenchDatabase database, int nodes) {
    this.serverCommand = List.copyOf(serverCommand);
    this.database = database;
    this.nodes = nodes;
    for (int i = 0; i < nodes; i++) {
      int port = ChildProcess.freePort();
      ports.add(port);
      Path dataDir = dir.resolve("node" + i);
      List<String> command = new ArrayList<>(serverCommand);
      command.addAll(
          List.of(
              "serve",
              "--data-dir",
              dataDir.toString(),
              "--port",
              Integer.toString(port),
              "--store",
              database.url(),
              "--project-id",
              IronMqSystem.PROJECT,
              "--token",
              IronMqSystem.TOKEN));
      processes.add(
          new ChildProcess(name() + " node " + i, command, dir.resolve("node" + i + ".log")));
    }
  }

  @Override
  public String name() {
    return nodes == 1 ? "ironmq (PostgreSQL)" : "ironmq (PostgreSQL, " + nodes + " nodes)";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String settings() {
    return String.join(" ", serverCommand)
        + " serve --store postgresql://.../<fresh database>"
        + (nodes == 1 ? "" : " (" + nodes + " nodes, the load spread over them)")
        + "; PostgreSQL "
        + database.serverVersion()
        + " on the same machine, its settings as installed";
  }

  @Override
  public String notes() {
    return "";
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public void start() {
    List<String> askVersion = new ArrayList<>(serverCommand);
    askVersion.add("--version");
    version = ChildProcess.output(askVersion).strip();
    database.create();
    resume();
  }

  @Override
  public boolean restartable() {
    return true;
  }

  @Override
  public void stop() {
    processes.forEach(ChildProcess::stop);
  }

  @Override
  public void resume() {
    // The first node migrates the schema; the others find it done.
    for (int i = 0; i < nodes; i++) {
      String url = url(i);
      processes.get(i).start();
      processes.get(i).awaitReady(() -> ask(url + "/health").contains("ok"), Duration.ofMinutes(2));
    }
  }

  @Override
  public QueueTarget connect(Vertx vertx, int connections) {
    return new IronMqTarget(client(vertx, connections));
  }

  public IronMqClient client(Vertx vertx, int connections) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      urls.add(url(i));
    }
    return new IronMqClient(
        vertx, urls, Optional.empty(), IronMqSystem.PROJECT, IronMqSystem.TOKEN, connections);
  }

  private String url(int node) {
    return "http://127.0.0.1:" + ports.get(node);
  }

  @Override
  public boolean parksRequests() {
    return true;
  }

  /** The nodes' resident memory together. */
  @Override
  public OptionalLong residentBytes() {
    long total = 0;
    for (ChildProcess process : processes) {
      OptionalLong bytes = process.residentBytes();
      if (bytes.isEmpty()) {
        return OptionalLong.empty();
      }
      total += bytes.getAsLong();
    }
    return OptionalLong.of(total);
  }

  @Override
  public void close() {
    processes.forEach(ChildProcess::stop);
    database.drop();
  }

  private static String ask(String url) {
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(1))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
