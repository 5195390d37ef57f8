package dev.ironmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration is found where the official clients look, in their order. */
class IronMqConfigTest {
  @TempDir Path work;
  @TempDir Path home;

  private IronMqConfig load(Map<String, String> env) {
    return new ConfigSources(env, work, home).load(Map.of());
  }

  @Test
  void anIronJsonInTheWorkingDirectoryAsTheServerWritesIt() throws Exception {
    Files.writeString(
        work.resolve("iron.json"),
        """
        {"project_id": "p1", "token": "t1", "scheme": "http", "host": "127.0.0.1", "port": 8080}
        """);

    IronMqConfig config = load(Map.of());

    assertThat(config).isEqualTo(new IronMqConfig("http", "127.0.0.1", 8080, "p1", "t1"));
    assertThat(config.baseUri()).hasToString("http://127.0.0.1:8080");
    assertThat(config.socket()).isEmpty();
  }

  @Test
  void aSocketNamedInTheFileOrTheEnvironmentIsWhereTheClientConnects() throws Exception {
    Files.writeString(
        work.resolve("iron.json"),
        """
        {"project_id": "p1", "token": "t1", "scheme": "http", "host": "127.0.0.1", "port": 8080,
         "socket": "/run/ironmq/file.sock"}
        """);

    assertThat(load(Map.of()).socket()).contains(Path.of("/run/ironmq/file.sock"));
    assertThat(load(Map.of("IRON_MQ_SOCKET", "/run/ironmq/env.sock")).socket())
        .contains(Path.of("/run/ironmq/env.sock"));
    assertThat(load(Map.of()))
        .asString()
        .isEqualTo(
            "IronMqConfig[http://127.0.0.1:8080 through /run/ironmq/file.sock, project p1,"
                + " token ****]");
  }

  @Test
  void aSocketIsSpokenToInPlainHttp() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "IRON_PROJECT_ID", "p", "IRON_TOKEN", "t", "IRON_SOCKET", "/run/x.sock")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socket is spoken to in http, not https");
  }

  @Test
  void environmentVariablesWinOverFilesAndTheMqFormsOverTheGeneralOnes() throws Exception {
    Files.writeString(work.resolve("iron.json"), "{\"project_id\": \"file\", \"token\": \"file\"}");

    IronMqConfig config =
        load(
            Map.of(
                "IRON_TOKEN", "general",
                "IRON_MQ_TOKEN", "specific",
                "IRON_PROJECT_ID", "env-project",
                "IRON_HOST", "mq.example",
                "IRON_PORT", "8443"));

    assertThat(config.token()).isEqualTo("specific");
    assertThat(config.projectId()).isEqualTo("env-project");
    assertThat(config.host()).isEqualTo("mq.example");
    assertThat(config.port()).isEqualTo(8443);
    assertThat(config.scheme()).isEqualTo("https");
  }

  @Test
  void theFileNamedByIronMqConfigComesFirst() throws Exception {
    Files.writeString(work.resolve("named.json"), "{\"project_id\": \"named\", \"token\": \"n\"}");

    IronMqConfig config =
        load(Map.of("IRON_MQ_CONFIG", "named.json", "IRON_PROJECT_ID", "env", "IRON_TOKEN", "e"));

    assertThat(config.projectId()).isEqualTo("named");
    assertThat(config.token()).isEqualTo("n");
  }

  @Test
  void aSectionForMqWinsOverTheTopLevelAndProtocolIsReadAsScheme() throws Exception {
    Files.writeString(
        home.resolve(".iron.json"),
        """
        {"token": "top", "project_id": "top", "protocol": "http", "host": "h",
         "iron_mq": {"token": "mq"}}
        """);

    IronMqConfig config = load(Map.of());

    assertThat(config.token()).isEqualTo("mq");
    assertThat(config.projectId()).isEqualTo("top");
    assertThat(config.scheme()).isEqualTo("http");
    assertThat(config.port()).isEqualTo(80);
  }

  @Test
  void theWorkingDirectoryWinsOverTheHomeDirectory() throws Exception {
    Files.writeString(home.resolve(".iron.json"), "{\"project_id\": \"home\", \"token\": \"h\"}");
    Files.createDirectories(work.resolve("config"));
    Files.writeString(
        work.resolve("config").resolve("iron.json"),
        "{\"project_id\": \"work\", \"token\": \"w\"}");

    assertThat(load(Map.of()).projectId()).isEqualTo("work");
  }

  @Test
  void withNothingConfiguredItPointsAtIronMqsServiceAndAsksForAToken() {
    assertThatThrownBy(() -> load(Map.of("IRON_PROJECT_ID", "p")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
    assertThat(load(Map.of("IRON_PROJECT_ID", "p", "IRON_TOKEN", "t")).baseUri())
        .hasToString("https://mq-aws-us-east-1-1.iron.io:443");
  }

  @Test
  void aPortThatIsNotANumberIsRefusedClearly() {
    assertThatThrownBy(
            () -> load(Map.of("IRON_PROJECT_ID", "p", "IRON_TOKEN", "t", "IRON_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eighty");
  }

  @Test
  void theTokenDoesNotAppearInTheConfigurationsText() {
    assertThat(IronMqConfig.of("http://localhost:8080", "p", "secret"))
        .asString()
        .doesNotContain("secret");
  }
}
