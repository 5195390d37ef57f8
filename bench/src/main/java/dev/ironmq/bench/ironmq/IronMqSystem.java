package dev.ironmq.bench.ironmq;

import dev.ironmq.bench.ChildProcess;
import dev.ironmq.bench.ChildProcessSystem;
import dev.ironmq.bench.QueueTarget;
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

/**
 * This server in its own JVM, started with the given command (the launcher, or {@code java -jar} on
 * the server jar) on a fresh data directory, as an operator would run it.
 */
public final class IronMqSystem extends ChildProcessSystem {
  public static final String PROJECT = "0123456789abcdef01234567";
  public static final String TOKEN = "bench-token";

  private final List<String> serverCommand;
  private final Path dataDir;
  private final String fsync;
  private final Optional<Path> socket;
  private final boolean metrics;
  private final int port = ChildProcess.freePort();
  private final ChildProcess process;
  private String version = "unknown";

  /**
   * @param serverCommand what runs the server, before its {@code serve} options (e.g. {@code
   *     bin/ironmq})
   * @param dataDir a directory that does not exist yet
   * @param fsync the server's {@code --fsync} policy
   * @param socket a Unix domain socket for the server to listen on and the load to go through, or
   *     none for its port
   */
  public IronMqSystem(
      List<String> serverCommand, Path dataDir, String fsync, Optional<Path> socket) {
    this(serverCommand, dataDir, fsync, socket, true);
  }

  /**
   * The same, with the server's metrics and history on or off ({@code --metrics}, {@code --stats}),
   * to measure their cost.
   */
  public IronMqSystem(
      List<String> serverCommand,
      Path dataDir,
      String fsync,
      Optional<Path> socket,
      boolean metrics) {
    this.metrics = metrics;
    this.serverCommand = List.copyOf(serverCommand);
    this.dataDir = dataDir;
    this.fsync = fsync;
    this.socket = socket;
    List<String> command = new ArrayList<>(serverCommand);
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
    socket.ifPresent(path -> command.addAll(List.of("--socket", path.toString())));
    if (!metrics) {
      command.addAll(List.of("--metrics", "off", "--stats", "off"));
    }
    this.process =
        new ChildProcess(name(), command, dataDir.resolveSibling(dataDir.getFileName() + ".log"));
  }

  @Override
  public String name() {
    return "ironmq (fsync "
        + fsync
        + (socket.isPresent() ? ", Unix socket" : "")
        + (metrics ? "" : ", metrics off")
        + ")";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String settings() {
    return String.join(" ", serverCommand)
        + " serve --fsync "
        + fsync
        + socket.map(path -> " --socket " + path).orElse("")
        + (metrics ? "" : " --metrics off --stats off")
        + " (defaults otherwise)";
  }

  @Override
  public boolean durable() {
    return fsync.equals("always");
  }

  @Override
  public String notes() {
    return fsync.equals("always")
        ? ""
        : "fsync "
            + fsync
            + ": acknowledged before the disk has it; a power loss can lose messages";
  }

  @Override
  public void start() {
    List<String> askVersion = new ArrayList<>(serverCommand);
    askVersion.add("--version");
    version = ChildProcess.output(askVersion).strip();
    resume();
  }

  @Override
  public boolean restartable() {
    return true;
  }

  @Override
  public void resume() {
    process.start();
    process.awaitReady(() -> ask("/health").contains("ok"), Duration.ofMinutes(2));
  }

  @Override
  public QueueTarget connect(Vertx vertx, int connections) {
    return new IronMqTarget(client(vertx, connections));
  }

  /** A client of this server, through its socket when it has one. */
  public IronMqClient client(Vertx vertx, int connections) {
    return new IronMqClient(vertx, List.of(url()), socket, PROJECT, TOKEN, connections);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A GET of this path, its body, or empty while the server does not answer. */
  private String ask(String path) {
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(1))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url() + path)).build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }

  @Override
  protected ChildProcess process() {
    return process;
  }
}
