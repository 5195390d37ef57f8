package dev.ironmq.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iron.ironmq.Client;
import io.iron.ironmq.Cloud;
import io.iron.ironmq.Queue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution as a user gets it: unpacked, and started with bin/ironmq serve, no build. */
class TarballIT {
  private static final Path TARBALL = Path.of(System.getProperty("ironmq.tarball"));

  @Test
  void holdsTheServerItsLauncherAndTheDocsAndNoSources(@TempDir Path dir) throws Exception {
    Path home = unpack(dir);

    assertThat(home.resolve("bin/ironmq")).isExecutable();
    assertThat(home.resolve("lib/ironmq-server.jar")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("docs/operations.md")).isRegularFile();
    try (Stream<Path> all = Files.walk(home)) {
      assertThat(all.map(home::relativize).map(Path::toString))
          .noneMatch(name -> name.endsWith("pom.xml") || name.endsWith(".java"));
    }
  }

  @Test
  void bin_ironmq_serveRunsTheServerFromTheUnpackedArchive(@TempDir Path dir) throws Exception {
    Path home = unpack(dir);
    Path dataDir = dir.resolve("data");
    long unpacked = System.nanoTime();
    Process server =
        new ProcessBuilder(
                home.resolve("bin/ironmq").toString(),
                "serve",
                "--port",
                "0",
                "--data-dir",
                dataDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    try {
      JsonNode ironJson = awaitIronJson(dataDir.resolve("iron.json"), server, dir);
      System.out.printf(
          "the server answered %d ms after the archive was unpacked%n",
          Duration.ofNanos(System.nanoTime() - unpacked).toMillis());
      Client client =
          new Client(
              ironJson.path("project_id").asText(),
              ironJson.path("token").asText(),
              new Cloud("http", "127.0.0.1", ironJson.path("port").asInt()),
              3);
      Queue queue = client.queue("from-the-tarball");

      String id = queue.push("hello");

      assertThat(queue.reserve().getId()).isEqualTo(id);
      assertThat(Files.readString(dir.resolve("server.log"))).doesNotContain("Building");
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Path unpack(Path dir) throws IOException, InterruptedException {
    Process tar =
        new ProcessBuilder("tar", "-xzf", TARBALL.toString(), "-C", dir.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> top = entries.toList();
      assertThat(top).hasSize(1);
      return top.get(0);
    }
  }

  /** iron.json, once the server wrote it with the port it listens on and answers there. */
  private static JsonNode awaitIronJson(Path ironJson, Process server, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError(
            "the server stopped: " + Files.readString(dir.resolve("server.log")));
      }
      if (Files.exists(ironJson) && Files.readString(dir.resolve("server.log")).contains("ready")) {
        return new ObjectMapper().readTree(ironJson.toFile());
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the server did not start in 60 s");
  }
}
