package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ironmq.it.RawHttp.Reply;
import dev.ironmq.server.Main;
import io.iron.ironmq.Client;
import io.iron.ironmq.Cloud;
import io.iron.ironmq.HTTPException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Projects isolate queues; tokens open only their projects; the admin API manages both. */
class ProjectsAndTokensTest {
  private static TestServer server;
  private static RawHttp admin;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    admin = server.http().withHeader("Authorization", "OAuth " + TestServer.ADMIN_TOKEN);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aTokenOpensOnlyItsOwnProjectsAndLearnsNothingOfOthers() throws Exception {
    String other = createProject("other");
    String otherToken = issueToken(other);
    RawHttp stranger = server.http().withHeader("Authorization", "OAuth " + otherToken);
    String secret = uniqueQueue("secret");
    server
        .http()
        .post(TestServer.v3("/" + secret + "/messages"), "{\"messages\":[{\"body\":\"s\"}]}");

    Reply existing = stranger.get(TestServer.v3("/" + secret));
    Reply missing = stranger.get(TestServer.v3("/" + uniqueQueue("nothing")));
    Reply listing = stranger.get(TestServer.v3(""));
    Reply reserve = stranger.post(TestServer.v3("/" + secret + "/reservations"), "{}");

    assertThat(existing.status()).isEqualTo(404);
    assertThat(existing.body()).isEqualTo(missing.body()).isEqualTo(listing.body());
    assertThat(reserve.status()).isEqualTo(404);
    assertThat(server.http().get(TestServer.v3("/" + secret)).json().at("/queue/size").asInt())
        .isEqualTo(1);

    Client own = new Client(other, otherToken, new Cloud("http", "127.0.0.1", server.port()), 3);
    own.queue(secret).push("mine");
    assertThat(own.queue(secret).getInfoAboutQueue().getSizeLong()).isEqualTo(1);
    assertThat(own.queue(secret).reserve().getBody()).isEqualTo("mine");
  }

  @Test
  void aRevokedTokenStopsWorking() {
    String token = issueToken(TestServer.PROJECT);
    RawHttp client = server.http().withHeader("Authorization", "OAuth " + token);
    assertThat(client.get(TestServer.v3("")).status()).isEqualTo(200);
    String tokenId = tokenIdOf(token);

    Reply revoked = admin.delete("/admin/tokens/" + tokenId, null);

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(client.get(TestServer.v3("")).status()).isEqualTo(401);
    assertThat(admin.delete("/admin/tokens/" + tokenId, null).status()).isEqualTo(404);
  }

  @Test
  void listingsNeverShowTokens() {
    String token = issueToken(TestServer.PROJECT);

    Reply tokens = admin.get("/admin/tokens");

    assertThat(tokens.status()).isEqualTo(200);
    assertThat(tokens.body()).doesNotContain(token).doesNotContain(TestServer.TOKEN);
    assertThat(tokens.json().get("tokens")).isNotEmpty();
  }

  @Test
  void theAdminApiNeedsAnAdminToken() {
    assertThat(server.http().get("/admin/projects").status()).isEqualTo(401);
    assertThat(server.http().anonymous().post("/admin/projects", "{}").status()).isEqualTo(401);
    assertThat(admin.get("/admin/projects").status()).isEqualTo(200);
  }

  @Test
  void badAdminRequestsAre4xx() {
    assertThat(admin.post("/admin/projects", "{\"id\":\"not-hex\"}").status()).isEqualTo(400);
    assertThat(admin.post("/admin/tokens", "{\"projects\":[]}").status()).isEqualTo(400);
    assertThat(
            admin.post("/admin/tokens", "{\"projects\":[\"ffffffffffffffffffffffff\"]}").status())
        .isEqualTo(404);
    assertThat(admin.post("/admin/tokens", "{\"projects\":[1]}").status()).isEqualTo(400);
  }

  @Test
  void theCommandLineCreatesProjectsAndTokens() throws Exception {
    String project =
        new ObjectMapper()
            .readTree(cli("project", "create", "--name", "from-cli"))
            .at("/project/id")
            .asText();
    JsonNode issued = new ObjectMapper().readTree(cli("token", "create", "--project", project));
    String token = issued.get("token").asText();

    Client client = new Client(project, token, new Cloud("http", "127.0.0.1", server.port()), 3);
    client.queue("cli-queue").push("hello");

    assertThat(cli("project", "list")).contains(project);
    assertThat(cli("token", "list")).contains(issued.at("/info/id").asText()).doesNotContain(token);
    cli("token", "revoke", issued.at("/info/id").asText());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.queue("cli-queue").push("x"))
        .isInstanceOf(HTTPException.class);
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new Main());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    String[] full = new String[args.length + 4];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--url";
    full[args.length + 1] = server.baseUrl();
    full[args.length + 2] = "--admin-token";
    full[args.length + 3] = TestServer.ADMIN_TOKEN;
    int exit = command.execute(full);
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  private static String createProject(String name) {
    Reply created = admin.post("/admin/projects", "{\"name\":\"" + name + "\"}");
    assertThat(created.status()).isEqualTo(201);
    return created.json().at("/project/id").asText();
  }

  private static String issueToken(String project) {
    Reply issued = admin.post("/admin/tokens", "{\"projects\":[\"" + project + "\"]}");
    assertThat(issued.status()).isEqualTo(201);
    return issued.json().get("token").asText();
  }

  private static String tokenIdOf(String token) {
    return dev.ironmq.backend.Tokens.tokenId(dev.ironmq.backend.Tokens.hash(token));
  }
}
