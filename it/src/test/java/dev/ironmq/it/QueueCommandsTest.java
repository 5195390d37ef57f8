package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.IronmqCommand.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue commands of bin/ironmq, as a user runs them in a shell against a running server. */
@Tag("any-store")
class QueueCommandsTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aMessageGoesThroughPostReserveTouchReleaseAndDelete() {
    String queue = TestServer.uniqueQueue("cli");

    List<String> ids = ok("post", queue, "first").lines();
    List<String> fromStdin = ok(Map.of(), "second\nthird\n", null, "post", queue).lines();
    assertThat(ids).hasSize(1);
    assertThat(fromStdin).hasSize(2);
    assertThat(ok("queues", "--prefix", queue).lines()).containsExactly(queue);
    assertThat(ok("info", queue).lines()).contains("name: " + queue, "size: 3", "type: pull");
    assertThat(ok("peek", queue, "-n", "3").lines())
        .containsExactly(
            ids.get(0) + "\tfirst", fromStdin.get(0) + "\tsecond", fromStdin.get(1) + "\tthird");

    String[] reserved = ok("reserve", queue, "--timeout", "60").lines().get(0).split("\t");
    assertThat(reserved[0]).isEqualTo(ids.get(0));
    assertThat(reserved[2]).isEqualTo("first");
    String touched = ok("touch", queue, reserved[0], "--reservation", reserved[1]).lines().get(0);
    assertThat(touched).isNotEqualTo(reserved[1]).hasSize(reserved[1].length());
    Result stale = run("delete", queue, reserved[0], "--reservation", reserved[1]);
    assertThat(stale.exit()).isEqualTo(1);
    assertThat(stale.lines()).hasSize(1);
    assertThat(stale.lines().get(0)).startsWith("ironmq delete: 403 ");
    ok("release", queue, reserved[0], "--reservation", touched);

    String[] again = ok("reserve", queue).lines().get(0).split("\t");
    assertThat(again[0]).isEqualTo(ids.get(0));
    assertThat(ok("delete", queue, again[0], "--reservation", again[1]).lines())
        .containsExactly("Deleted");
    assertThat(ok("info", queue).lines()).contains("size: 2");
  }

  @Test
  void browseListsEveryStateAPageAtATimeAndTakesNothing() {
    String queue = TestServer.uniqueQueue("cli-browse");
    List<String> ids = ok("post", queue, "job 1", "job 2", "other").lines();
    String[] reserved = ok("reserve", queue, "--timeout", "60").lines().get(0).split("\t");

    assertThat(ok("browse", queue, "-n", "2", "--prefix", "job").lines())
        .containsExactly(
            reserved[0] + "\treserved\t1\tjob 1", ids.get(1) + "\tavailable\t0\tjob 2");
    assertThat(ok("browse", queue, "-n", "1").lines())
        .containsExactly(reserved[0] + "\treserved\t1\tjob 1", "more: --cursor " + reserved[0]);
    assertThat(ok("browse", queue, "--state", "available", "--cursor", ids.get(1)).lines())
        .containsExactly(ids.get(2) + "\tavailable\t0\tother");
    Result bad = run("browse", queue, "--state", "lost");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.lines().get(0)).startsWith("ironmq browse: 400 ");
    assertThat(ok("info", queue).lines()).contains("size: 3");
  }

  @Test
  void statsPrintsTheHistoryAndRefusesABadStep() {
    String queue = TestServer.uniqueQueue("cli-stats");
    ok("post", queue, "m");

    assertThat(ok("stats", queue, "--step", "1h").exit()).isZero();
    assertThat(
            ok("stats", queue, "--from", "2023-11-14T22:00:00Z", "--to", "2023-11-14T23:00:00Z")
                .lines())
        .as("nothing was recorded then")
        .isEmpty();
    Result bad = run("stats", queue, "--step", "1d");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.lines().get(0)).isEqualTo("ironmq stats: 400 step must be 1m or 1h");
  }

  @Test
  void pauseStopsReservesUntilResume() {
    String queue = TestServer.uniqueQueue("cli-pause");
    ok("post", queue, "m");

    assertThat(ok("pause", queue).lines()).containsExactly("paused: reserve");
    assertThat(ok("reserve", queue).lines()).isEmpty();
    assertThat(ok("info", queue).lines()).contains("paused: {\"reserve\":true,\"push\":false}");
    Result pull = run("pause", queue, "--push");
    assertThat(pull.exit()).isEqualTo(1);
    assertThat(pull.lines().get(0)).startsWith("ironmq pause: 400 ");

    assertThat(ok("resume", queue, "--reserve").lines()).containsExactly("paused: nothing");
    assertThat(ok("reserve", queue).lines()).hasSize(1);
  }

  @Test
  void clearEmptiesAQueueAndRmAsksForConfirmationOrYes() {
    String queue = TestServer.uniqueQueue("cli-rm");
    ok("post", queue, "a", "b");

    assertThat(ok("clear", queue).lines()).containsExactly("Cleared");
    assertThat(ok("info", queue).lines()).contains("size: 0");

    Result unconfirmed = run("rm", queue);
    assertThat(unconfirmed.exit()).isEqualTo(1);
    assertThat(unconfirmed.lines()).hasSize(1);
    assertThat(unconfirmed.output()).contains("--yes");
    assertThat(ok("queues", "--prefix", queue).lines()).containsExactly(queue);

    ok("rm", queue, "--yes");
    assertThat(ok("queues", "--prefix", queue).lines()).isEmpty();
  }

  @Test
  void manyLinesOnStandardInputGoAHundredToACallAndAllArrive() {
    String queue = TestServer.uniqueQueue("cli-many");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 250; i++) {
      lines.append("line ").append(i).append('\n');
    }

    List<String> ids = ok(Map.of(), lines.toString(), null, "post", queue).lines();

    assertThat(ids).hasSize(250).doesNotHaveDuplicates();
    assertThat(ok("info", queue).lines()).contains("size: 250");
  }

  @Test
  void aRefusalIsOneLineWithTheStatusAndExitStatus1() {
    Result missing = run("info", TestServer.uniqueQueue("nothing"));
    Result badCount = run("reserve", TestServer.uniqueQueue("nothing"), "-n", "1000");

    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.lines()).containsExactly("ironmq info: 404 Queue not found");
    assertThat(badCount.exit()).isEqualTo(1);
    assertThat(badCount.lines()).hasSize(1);
    assertThat(badCount.lines().get(0)).startsWith("ironmq reserve: 400 ");
  }

  @Test
  void jsonPrintsTheServersAnswer() {
    String queue = TestServer.uniqueQueue("cli-json");
    ok("post", queue, "x");

    Result json = ok("info", queue, "--json");

    assertThat(json.lines()).hasSize(1);
    assertThat(json.lines().get(0)).startsWith("{\"queue\":{").contains("\"size\":1");
  }

  @Test
  void subscribersAndPushStatusShowAPushQueue() {
    String target = TestServer.uniqueQueue("cli-target");
    String push = TestServer.uniqueQueue("cli-push");
    server
        .http()
        .put(
            TestServer.v3("/" + push),
            "{\"queue\":{\"type\":\"multicast\",\"push\":{\"subscribers\":"
                + "[{\"name\":\"copy\",\"url\":\"ironmq:///"
                + target
                + "\"}]}}}");
    String id = ok("post", push, "fan out").lines().get(0);

    assertThat(ok("subscribers", push).lines()).containsExactly("copy\tironmq:///" + target);
    assertThat(ok("push-status", push, id).lines().get(0)).startsWith("copy\t");
  }

  @Test
  void credentialsComeFromTheEnvironmentBeforeIronJsonAndFromTheDataDirectoryLast(@TempDir Path dir)
      throws Exception {
    String queue = TestServer.uniqueQueue("cli-config");
    Files.writeString(
        dir.resolve("iron.json"),
        "{\"project_id\":\""
            + TestServer.PROJECT
            + "\",\"token\":\"wrong-token-in-iron-json\",\"host\":\"127.0.0.1\",\"port\":"
            + server.port()
            + "}");
    Map<String, String> env = Map.of("IRON_TOKEN", TestServer.TOKEN);

    Result envWins = IronmqCommand.run(env, "", dir, "post", queue, "via env");
    Result fileAlone = IronmqCommand.run(Map.of(), "", dir, "post", queue, "via file");
    Result dataDirOnly =
        IronmqCommand.run(
            Map.of(), "", null, "info", queue, "--data-dir", server.dataDir.toString());

    assertThat(envWins.exit()).as(envWins.output()).isZero();
    assertThat(fileAlone.exit()).isEqualTo(1);
    assertThat(fileAlone.output()).contains("401");
    assertThat(dataDirOnly.exit()).as(dataDirOnly.output()).isZero();
    assertThat(dataDirOnly.lines()).contains("size: 1");
  }

  private static Result ok(String... args) {
    return ok(Map.of(), "", null, args);
  }

  private static Result ok(Map<String, String> env, String stdin, Path dir, String... args) {
    Result result = IronmqCommand.run(env, stdin, dir, withServer(args));
    assertThat(result.exit()).as(String.join(" ", args) + ": " + result.output()).isZero();
    return result;
  }

  private static Result run(String... args) {
    return IronmqCommand.run(Map.of(), "", null, withServer(args));
  }

  /** The arguments, and the server and credentials as options. */
  private static String[] withServer(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--url", server.baseUrl(),
            "--project-id", TestServer.PROJECT,
            "--token", TestServer.TOKEN));
    return all.toArray(String[]::new);
  }
}
