package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.IronmqCommand.Result;
import dev.ironmq.it.RawHttp.Reply;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a new user tries first: --version and --help anywhere, and what answers on the port. */
@Tag("any-store")
class CommandLineTest {
  @Test
  void versionWorksOnEveryCommand() {
    for (String[] command :
        new String[][] {
          {"--version"},
          {"serve", "--version"},
          {"verify", "--version"},
          {"export", "--version"},
          {"project", "create", "--version"},
          {"token", "list", "--version"}
        }) {
      Result result = IronmqCommand.run(command);

      assertThat(result.exit()).as(String.join(" ", command)).isZero();
      assertThat(result.lines()).as(String.join(" ", command)).hasSize(1);
      assertThat(result.lines().get(0)).startsWith("ironmq ");
    }
  }

  @Test
  void theHelpListsEveryCommandBenchIncluded() {
    Result help = IronmqCommand.run("--help");

    assertThat(help.exit()).isZero();
    assertThat(help.output())
        .contains("serve")
        .contains("verify")
        .contains("export")
        .contains("import")
        .contains("project")
        .contains("token")
        .contains("bench");
  }

  @Test
  void theRootOfTheServerSaysWhatItIsWithoutAToken() {
    try (TestServer server = TestServer.start()) {
      Reply about = server.http().anonymous().get("/");

      assertThat(about.status()).isEqualTo(200);
      assertThat(about.json().path("name").asText()).isEqualTo("ironmq");
      assertThat(about.json().path("version").asText()).isNotEmpty();
      assertThat(about.header("Content-Type")).isEqualTo("application/json");
    }
  }
}
