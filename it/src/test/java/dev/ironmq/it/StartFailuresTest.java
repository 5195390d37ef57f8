package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.IronmqCommand.Result;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's mistake or a damaged store ends a start with one line that says what is wrong, exit
 * status 1, no stack trace, and nothing written: no store, no admin token, no iron.json.
 */
@Tag("embedded-store")
class StartFailuresTest {
  @TempDir static Path shared;
  private static Path populated;

  /** A data directory a server ran on, stopped with its messages only in the write-ahead log. */
  @BeforeAll
  static void populate() throws Exception {
    populated = shared.resolve("populated");
    try (ServerProcess server = new ServerProcess(populated).start()) {
      RawHttp http = server.http();
      for (int i = 0; i < 20; i++) {
        StringBuilder messages = new StringBuilder();
        for (int j = 0; j < 100; j++) {
          messages.append(j == 0 ? "" : ",").append("{\"body\":\"m").append(i * 100 + j);
          messages.append("-").append("x".repeat(200)).append("\"}");
        }
        http.post(TestServer.v3("/jobs/messages"), "{\"messages\":[" + messages + "]}");
      }
      server.terminate();
    }
  }

  @Test
  void aPortInUseWritesNothing(@TempDir Path dir) throws IOException {
    Path dataDir = dir.resolve("data");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Result result = serve(dataDir, "--port", Integer.toString(taken.getLocalPort()));

      assertOneLine(result, "cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void aPortInUseLeavesAnExistingIronJsonPointingWhereItDid(@TempDir Path dir) throws Exception {
    Path dataDir = copy(populated, dir.resolve("data"));
    Map<String, String> before = tree(dataDir);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Result result = serve(dataDir, "--port", Integer.toString(taken.getLocalPort()));

      assertOneLine(result, "cannot listen on");
    }
    assertThat(tree(dataDir)).isEqualTo(before);
  }

  @Test
  void aDataDirectoryInUseByAnotherServerIsOneLine(@TempDir Path dir) throws Exception {
    Path dataDir = copy(populated, dir.resolve("data"));
    try (ServerProcess running = new ServerProcess(dataDir).start()) {
      Result result = serve(dataDir, "--port", "0");

      assertOneLine(result, "is in use by another server");
      assertThat(running.http().get("/health").status()).isEqualTo(200);
    }
  }

  @Test
  void aDataDirectoryThatCannotBeCreatedIsOneLine(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");

    Result result = serve(file.resolve("data"), "--port", "0");

    assertOneLine(result, "cannot prepare the data directory " + file.resolve("data"));
  }

  @Test
  void badOptionValuesAreOneLineAndAPointerToTheHelp(@TempDir Path dir) {
    Path dataDir = dir.resolve("data");
    String[][] mistakes = {
      {"--fsync", "sometimes"},
      {"--project-id", "nothex"},
      {"--push-concurrency", "0"},
      {"--port", "eighty"},
      {"--bogus"},
      {"--admin-token", "a", "--admin-token-file", dir.resolve("t").toString()},
      {"--store", "mysql://db/ironmq"},
      {"--store-connections", "0"},
      {"--store", "postgresql://127.0.0.1/ironmq", "--fsync", "never"},
      {"--store", "postgresql://127.0.0.1/ironmq", "--accept-data-loss"},
    };
    for (String[] mistake : mistakes) {
      String[] args = new String[mistake.length + 2];
      args[0] = "--data-dir";
      args[1] = dataDir.toString();
      System.arraycopy(mistake, 0, args, 2, mistake.length);

      Result result = serve(args);

      assertThat(result.exit()).as(String.join(" ", mistake)).isEqualTo(1);
      assertThat(result.lines()).as(result.output()).hasSize(2);
      assertThat(result.lines().get(0)).startsWith("ironmq serve: ");
      assertThat(result.lines().get(1)).isEqualTo("Run 'ironmq serve --help' for the options.");
      assertThat(dataDir).doesNotExist();
    }
  }

  @Test
  void aStoreDeletedWhileIronJsonRemainsIsRefusedAndIronJsonKept(@TempDir Path dir)
      throws Exception {
    Path dataDir = copy(populated, dir.resolve("data"));
    deleteRecursively(dataDir.resolve("store"));
    String ironJson = Files.readString(dataDir.resolve("iron.json"));

    Result result = serve(dataDir, "--port", "0");

    assertOneLine(result, "store " + dataDir.resolve("store") + " is missing");
    assertThat(dataDir.resolve("store")).doesNotExist();
    assertThat(Files.readString(dataDir.resolve("iron.json"))).isEqualTo(ironJson);
  }

  @Test
  void aDamagedWriteAheadLogIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path dataDir = copy(populated, dir.resolve("data"));
    Path log = writeAheadLog(dataDir);
    overwrite(log, 0.5);
    Map<String, String> before = tree(dataDir);

    Result result = serve(dataDir, "--port", "0");

    assertOneLine(result, log.getFileName() + " (");
    assertThat(result.output()).contains("--accept-data-loss");
    assertThat(tree(dataDir)).isEqualTo(before);
  }

  @Test
  void aWriteAheadLogCutShortIsRefused(@TempDir Path dir) throws Exception {
    Path dataDir = copy(populated, dir.resolve("data"));
    try (RandomAccessFile log = new RandomAccessFile(writeAheadLog(dataDir).toFile(), "rw")) {
      log.setLength(log.length() / 2);
    }

    Result result = serve(dataDir, "--port", "0");

    assertOneLine(result, "cut short or removed");
  }

  @Test
  void verifyListsTheDamageAndExits1(@TempDir Path dir) throws Exception {
    Path sound = copy(populated, dir.resolve("sound"));
    Path damaged = copy(populated, dir.resolve("damaged"));
    overwrite(writeAheadLog(damaged), 0.5);

    Result good = IronmqCommand.run("verify", "--data-dir", sound.toString());
    Result bad = IronmqCommand.run("verify", "--data-dir", damaged.toString());

    assertThat(good.exit()).as(good.output()).isZero();
    assertThat(good.output()).contains("2000 messages").contains("sound");
    assertThat(bad.exit()).as(bad.output()).isEqualTo(1);
    assertThat(bad.output()).contains("DAMAGED").contains(".log").doesNotContain("\tat ");
  }

  @Test
  void verifyRefusesAStoreInUse(@TempDir Path dir) throws Exception {
    Path dataDir = copy(populated, dir.resolve("data"));
    try (ServerProcess running = new ServerProcess(dataDir).start()) {
      Result result = IronmqCommand.run("verify", "--data-dir", dataDir.toString());

      assertThat(running.http().get("/health").status()).isEqualTo(200);
      assertThat(result.exit()).isEqualTo(1);
      assertThat(result.lines()).hasSize(1);
      assertThat(result.output()).contains("stop it first");
    }
  }

  private static Result serve(Path dataDir, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "serve";
    all[1] = "--data-dir";
    all[2] = dataDir.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return IronmqCommand.run(all);
  }

  private static Result serve(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    return IronmqCommand.run(all);
  }

  private static void assertOneLine(Result result, String saying) {
    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.lines()).as(result.output()).hasSize(1);
    assertThat(result.lines().get(0)).startsWith("ironmq serve: ").contains(saying);
  }

  private static Path writeAheadLog(Path dataDir) throws IOException {
    try (Stream<Path> files = Files.list(dataDir.resolve("store"))) {
      return files
          .filter(p -> p.toString().endsWith(".log"))
          .max(Comparator.comparing(Path::toString))
          .orElseThrow();
    }
  }

  private static void overwrite(Path file, double at) throws IOException {
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek((long) (raw.length() * at));
      raw.write(new byte[64]);
    }
  }

  /** Every file's path with its size and content hash, to tell that nothing was written. */
  private static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(
            dir.relativize(p).toString(),
            Integer.toHexString(
                Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1).hashCode()));
      }
    }
    return files;
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Files.copy(source, to.resolve(from.relativize(source).toString()));
      }
    }
    return to;
  }

  private static void deleteRecursively(Path dir) {
    TestServer.deleteRecursively(dir);
  }
}
