package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import io.iron.ironmq.Client;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A fresh data directory gets a project, a token, an admin token and an iron.json that works. */
class BootstrapTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Path dataDir;

  @BeforeEach
  void createDataDir() throws IOException {
    dataDir = Files.createTempDirectory("ironmq-bootstrap");
  }

  @AfterEach
  void deleteDataDir() {
    TestServer.deleteRecursively(dataDir);
  }

  @Test
  void theFirstStartWritesAnIronJsonTheOfficialClientReads() throws Exception {
    JsonNode ironJson;
    try (IronMqServer server = IronMqServer.start(ServerConfig.defaults(dataDir, 0))) {
      ironJson = JSON.readTree(dataDir.resolve("iron.json").toFile());

      assertThat(ironJson.get("project_id").asText()).matches("[0-9a-f]{24}");
      assertThat(ironJson.get("token").asText()).hasSizeGreaterThan(20);
      assertThat(ironJson.get("scheme").asText()).isEqualTo("http");
      assertThat(ironJson.get("host").asText()).isEqualTo("127.0.0.1");
      assertThat(ironJson.get("port").isInt()).isTrue();
      assertThat(ironJson.get("port").asInt()).isEqualTo(server.port());
      assertThat(Files.getPosixFilePermissions(dataDir.resolve("iron.json")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(dataDir.resolve("admin-token")).trim()).hasSizeGreaterThan(20);
      assertThat(Files.getPosixFilePermissions(dataDir.resolve("admin-token")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(dataDir.resolve("store")))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));

      assertThat(runOfficialClientIn(dataDir)).as("the client's output").matches("\\d{19}");
    }

    try (IronMqServer restarted = IronMqServer.start(ServerConfig.defaults(dataDir, 0))) {
      JsonNode again = JSON.readTree(dataDir.resolve("iron.json").toFile());
      assertThat(again.get("token")).isEqualTo(ironJson.get("token"));
      assertThat(again.get("project_id")).isEqualTo(ironJson.get("project_id"));
      assertThat(again.get("port").asInt()).isEqualTo(restarted.port());
      assertThat(restarted.backend().listProjects().join()).hasSize(1);
      assertThat(runOfficialClientIn(dataDir)).matches("\\d{19}");
    }
  }

  @Test
  void theGivenTokenOpensItsProjectFromTheFirstMomentTheServerAnswers() throws Exception {
    try (ServerProcess server =
        new ServerProcess(dataDir.resolve("data")).withoutAdminToken().launch()) {
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest listQueues =
          HttpRequest.newBuilder(
                  URI.create(server.baseUrl() + "/3/projects/" + TestServer.PROJECT + "/queues"))
              .header("Authorization", "OAuth " + TestServer.TOKEN)
              .build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Integer firstAnswer = null;
      while (firstAnswer == null && System.nanoTime() < deadline) {
        try {
          firstAnswer =
              client.send(listQueues, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException notListeningYet) {
          Thread.onSpinWait();
        }
      }

      assertThat(firstAnswer).isEqualTo(200);
    }
  }

  @Test
  void aPortInUseEndsTheStartWithOneLineAndExitStatus1() throws Exception {
    try (ServerProcess server = new ServerProcess(dataDir.resolve("data"));
        ServerSocket taken = new ServerSocket(server.port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(server.launch().awaitExit(Duration.ofSeconds(60))).isEqualTo(1);

      assertThat(server.log())
          .contains("ironmq serve: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aDataDirectoryTheServerCreatesIsItsUsersAlone() throws IOException {
    Path created = dataDir.resolve("new");
    try (IronMqServer server = IronMqServer.start(ServerConfig.defaults(created, 0))) {
      assertThat(server.backend().health().isOk()).isTrue();
      assertThat(Files.getPosixFilePermissions(created))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void anAdminTokenFromAFileOpensTheAdminApiAndStaysOffTheCommandLine() throws Exception {
    Path tokenFile = Files.writeString(dataDir.resolve("admin.secret"), "file-admin-token-42\n");
    try (ServerProcess server =
        new ServerProcess(dataDir.resolve("data"))
            .withoutAdminToken()
            .start("--admin-token-file", tokenFile.toString())) {
      RawHttp.Reply projects =
          server
              .http()
              .anonymous()
              .withHeader("Authorization", "OAuth file-admin-token-42")
              .get("/admin/projects");

      assertThat(projects.status()).isEqualTo(200);
      assertThat(server.commandLine()).doesNotContain("file-admin-token-42");
    }
  }

  @Test
  void givenCredentialsAreCreatedOnceAndKept() {
    ServerConfig config =
        ServerConfig.defaults(dataDir, 0)
            .withCredentials(TestServer.PROJECT, TestServer.TOKEN, TestServer.ADMIN_TOKEN);
    try (IronMqServer server = IronMqServer.start(config)) {
      server.backend().checkAccess(TestServer.TOKEN, TestServer.PROJECT);
      server.backend().checkAdmin(TestServer.ADMIN_TOKEN);
    }
    try (IronMqServer server = IronMqServer.start(config)) {
      assertThat(server.backend().listProjects().join()).hasSize(1);
      assertThat(server.backend().listTokens().join()).hasSize(2);
      assertThat(dataDir.resolve("admin-token")).doesNotExist();
    }
  }

  /** Runs the official client with no settings in code: it finds ./iron.json on its own. */
  private static String runOfficialClientIn(Path workingDir) throws Exception {
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    OfficialClientFromIronJson.class.getName()))
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(process.getInputStream().readAllBytes()).trim();
  }

  /** Posts one message with a client configured only by the iron.json in its working directory. */
  public static final class OfficialClientFromIronJson {
    public static void main(String[] args) throws IOException {
      System.out.print(new Client().queue("bootstrap").push("configured by iron.json"));
    }
  }
}
