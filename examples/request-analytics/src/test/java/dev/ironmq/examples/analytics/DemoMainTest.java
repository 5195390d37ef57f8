package dev.ironmq.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bin/demo} says when it cannot start: one line and exit status 1. */
class DemoMainTest {
  private final StringWriter err = new StringWriter();

  private int demo(String... args) {
    return DemoMain.commandLine().setErr(new PrintWriter(err, true)).execute(args);
  }

  @Test
  void anIronJsonThatIsNotThereIsSaidInOneLine(@TempDir Path dir) {
    Path missing = dir.resolve("iron.json");

    int status = demo("setup", "--iron-config", missing.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "demo setup: cannot read the IronMQ configuration in "
                + missing
                + ": "
                + missing
                + " (No such file or directory)"
                + System.lineSeparator());
  }

  @Test
  void aQueueServerThatDoesNotAnswerIsSaidInOneLine(@TempDir Path dir) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path config = dir.resolve("iron.json");
    Files.writeString(
        config,
        """
        {"project_id": "a1b2c3d4e5f6a7b8c9d0e1f2", "token": "t", "scheme": "http",
         "host": "127.0.0.1", "port": %d}
        """
            .formatted(port));

    int status = demo("setup", "--iron-config", config.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).startsWith("demo setup: ").doesNotContain("\tat ");
    assertThat(err.toString().lines()).hasSize(1);
  }
}
