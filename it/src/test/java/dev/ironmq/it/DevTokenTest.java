package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.IronmqCommand.Result;
import dev.ironmq.it.RawHttp.Reply;
import io.iron.ironmq.Client;
import io.iron.ironmq.Cloud;
import io.iron.ironmq.HTTPException;
import io.iron.ironmq.Message;
import io.iron.ironmq.Queue;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Development mode, as a suite written for IronMQ's old test image uses it: one token, any project
 * id it makes up, each project created empty on first use, and everything else as in normal mode.
 */
class DevTokenTest {
  private static final String DEV_TOKEN = "dev-token-for-integration-tests";
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start(config -> config.toBuilder().devToken(DEV_TOKEN).build());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void madeUpProjectIdsWorkWithTheOfficialClient() throws Exception {
    for (String projectId :
        new String[] {
          "project-" + System.currentTimeMillis(),
          Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE)),
          "Mixed_Case-" + ThreadLocalRandom.current().nextInt(1_000_000)
        }) {
      Queue queue = client(projectId).queue("jobs");
      String id = queue.push("hello " + projectId);

      Message reserved = queue.reserve();

      assertThat(reserved.getId()).isEqualTo(id);
      assertThat(reserved.getBody()).isEqualTo("hello " + projectId);
      queue.deleteMessage(reserved);
      assertThat(queue.getInfoAboutQueue().getSizeLong()).isZero();
    }
  }

  @Test
  void eachProjectStartsEmptyAndSeesOnlyItsOwnQueues() throws Exception {
    String first = "first-" + System.nanoTime();
    String second = "second-" + System.nanoTime();
    client(first).queue("only-in-first").push("a");

    Reply firstList = dev().get("/3/projects/" + first + "/queues");
    Reply secondList = dev().get("/3/projects/" + second + "/queues");
    Reply secondQueue = dev().get("/3/projects/" + second + "/queues/only-in-first");

    assertThat(firstList.json().at("/queues/0/name").asText()).isEqualTo("only-in-first");
    assertThat(firstList.json().at("/queues").size()).isEqualTo(1);
    assertThat(secondList.status()).isEqualTo(200);
    assertThat(secondList.json().at("/queues").size()).isZero();
    assertThat(secondQueue.status()).isEqualTo(404);
  }

  @Test
  void aDevProjectAndItsMessagesSurviveARestart() throws Exception {
    String projectId = "kept-" + System.nanoTime();
    client(projectId).queue("kept").push("still here");

    server.restart();

    Queue queue = client(projectId).queue("kept");
    assertThat(queue.reserve().getBody()).isEqualTo("still here");
  }

  @Test
  void aNormalTokenStaysInItsOwnProject() {
    String projectId = "private-" + System.nanoTime();
    dev().post("/3/projects/" + projectId + "/queues/mine/messages", messages("secret"));

    Reply withNormalToken = server.http().get("/3/projects/" + projectId + "/queues/mine");
    Reply ownProject = server.http().get(TestServer.v3(""));

    assertThat(withNormalToken.status()).isEqualTo(404);
    assertThat(withNormalToken.body()).doesNotContain("secret");
    assertThat(ownProject.status()).isEqualTo(200);
  }

  @Test
  void theDevTokenNeverOpensTheAdminApi() {
    Reply projects = dev().get("/admin/projects");
    Reply create = dev().post("/admin/projects", "{\"name\":\"x\"}");

    assertThat(projects.status()).isEqualTo(401);
    assertThat(create.status()).isEqualTo(401);
    assertThat(projects.msg()).isNotEmpty();
  }

  @Test
  void aProjectIdOutsideTheAlphabetIsNotFoundAndCreatesNothing() {
    Reply dotted = dev().get("/3/projects/a.b/queues");
    Reply tooLong = dev().get("/3/projects/" + "x".repeat(65) + "/queues");

    assertThat(dotted.status()).isEqualTo(404);
    assertThat(dotted.msg()).contains("letters, digits");
    assertThat(tooLong.status()).isEqualTo(404);
    Reply listing =
        server
            .http()
            .withHeader("Authorization", "OAuth " + TestServer.ADMIN_TOKEN)
            .get("/admin/projects");
    assertThat(listing.body()).doesNotContain("a.b").doesNotContain("x".repeat(65));
  }

  @Test
  void aWrongTokenIsStillRefused() {
    Reply reply =
        server
            .http()
            .withHeader("Authorization", "OAuth not-the-dev-token")
            .get("/3/projects/anything-" + System.nanoTime() + "/queues");

    assertThat(reply.status()).isEqualTo(401);
  }

  @Test
  void withoutDevModeTheSameCallsAreRefused() throws Exception {
    try (TestServer normal = TestServer.start()) {
      Client client =
          new Client(
              "project-" + System.nanoTime(),
              DEV_TOKEN,
              new Cloud("http", "127.0.0.1", normal.port()),
              3);
      try {
        client.queue("jobs").push("x");
        throw new AssertionError("a normal server took the development token");
      } catch (HTTPException refused) {
        assertThat(refused.getStatusCode()).isEqualTo(401);
      }
    }
  }

  @Test
  void aStartOnAnAddressOtherMachinesReachIsRefused() {
    Path dataDir = server.dataDir.resolveSibling("never-" + System.nanoTime());
    Result refused =
        IronmqCommand.run(
            "serve",
            "--port",
            "0",
            "--host",
            "0.0.0.0",
            "--dev-token",
            DEV_TOKEN,
            "--data-dir",
            dataDir.toString());

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.lines().get(0)).contains("--dev-token").contains("loopback");
    assertThat(refused.output()).doesNotContain("Exception");
    assertThat(dataDir).doesNotExist();
  }

  private static Client client(String projectId) {
    return new Client(projectId, DEV_TOKEN, new Cloud("http", "127.0.0.1", server.port()), 3);
  }

  private static RawHttp dev() {
    return server.http().withHeader("Authorization", "OAuth " + DEV_TOKEN);
  }

  private static String messages(String body) {
    return "{\"messages\":[{\"body\":\"" + body + "\"}]}";
  }
}
