package dev.ironmq.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, on a free port, that the test stops and starts: made with
 * Debian's binaries (the test command installs them), run as the {@code postgres} user since
 * PostgreSQL refuses to run as root, and removed at the end.
 */
final class ThrowawayPostgres implements AutoCloseable {
  private final Path dir;
  private final Path bin;
  final int port;

  private ThrowawayPostgres(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  static ThrowawayPostgres create() throws Exception {
    Path bin = binaries();
    Path dir = Files.createTempDirectory("ironmq-pg");
    int port = freePort();
    run(List.of("chown", "-R", "postgres", dir.toString()));
    ThrowawayPostgres pg = new ThrowawayPostgres(dir, bin, port);
    pg.asPostgres(
        bin.resolve("initdb").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "--no-sync");
    pg.start();
    return pg;
  }

  /** The URL of its {@code postgres} database. */
  String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  void start() throws Exception {
    asPostgres(
        bin.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "-l",
        dir.resolve("log").toString(),
        "-w",
        "start");
  }

  /** Stops it at once, as a crash or a lost network would: connections just end. */
  void stopAtOnce() throws Exception {
    asPostgres(
        bin.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-m",
        "immediate",
        "stop");
  }

  @Override
  public void close() throws IOException {
    try {
      stopAtOnce();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception alreadyStopped) {
      // nothing to stop
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void asPostgres(String... command) throws Exception {
    List<String> line = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    line.addAll(List.of(command));
    run(line);
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed: "
              + output.trim()
              + " (this test runs a PostgreSQL server of its own, as root, from Debian's"
              + " postgresql package, as the README's test command sets up)");
    }
  }

  private static Path binaries() throws IOException {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.naturalOrder())
          .orElseThrow(
              () -> new IllegalStateException("no PostgreSQL binaries in /usr/lib/postgresql"));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException(
          "no /usr/lib/postgresql: install Debian's postgresql package (the test command does)", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
