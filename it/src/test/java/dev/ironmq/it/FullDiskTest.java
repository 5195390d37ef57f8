package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A server whose disk fills up: writes are refused with 507 and change nothing, reads keep working,
 * and writes resume by themselves once space is freed. The data directory is on a 256 MiB tmpfs
 * that the test mounts, so this test needs root (as the README's test command runs).
 */
@Tag("embedded-store")
class FullDiskTest {
  private static final String BODY = "x".repeat(60_000);

  private Path mountPoint;
  private TestServer server;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    mountPoint = Files.createTempDirectory("ironmq-full-disk");
    run("mount", "-t", "tmpfs", "-o", "size=256m,mode=0700", "tmpfs", mountPoint.toString());
  }

  @AfterEach
  void unmount() throws Exception {
    if (server != null) {
      server.close();
    }
    run("umount", mountPoint.toString());
    Files.deleteIfExists(mountPoint);
  }

  @Test
  void writesAreRefusedWhileTheDiskIsFullAndResumeWhenSpaceReturns() throws Exception {
    server = TestServer.startIn(mountPoint.resolve("data"), config -> config);
    RawHttp http = server.http();
    String queue = TestServer.v3("/jobs");
    Path ballast = mountPoint.resolve("ballast");
    fill(ballast, 8 * 1024 * 1024);

    List<String> acknowledged = new ArrayList<>();
    RawHttp.Reply refused = null;
    for (int i = 0; i < 2_000 && refused == null; i++) {
      RawHttp.Reply reply = http.post(queue + "/messages", postOf(BODY + i));
      if (reply.status() == 201) {
        acknowledged.add(reply.json().path("ids").get(0).asText());
      } else {
        refused = reply;
      }
    }
    assertThat(refused).as("a post was refused before 2,000 posts filled the disk").isNotNull();
    assertThat(refused.status()).isEqualTo(507);
    assertThat(refused.msg()).contains("disk is full");
    assertThat(acknowledged).isNotEmpty();

    // Writes of every kind are refused the same way, and change nothing.
    assertThat(http.post(queue + "/messages", postOf("more")).status()).isEqualTo(507);
    assertThat(http.post(queue + "/reservations", "{\"n\": 1}").status()).isEqualTo(507);
    assertThat(http.delete(queue + "/messages/" + acknowledged.get(0), "{}").status())
        .isEqualTo(507);
    RawHttp.Reply health = http.get("/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().path("status").asText()).isEqualTo("read_only");
    assertThat(health.msg()).contains("disk is full");
    assertThat(health.json().path("warnings").get(0).asText()).startsWith("Free disk space is low");

    // Reads keep working and show exactly what was acknowledged.
    RawHttp.Reply info = http.get(queue);
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().path("queue").path("size").asLong()).isEqualTo(acknowledged.size());
    assertThat(http.get(queue + "/messages/" + acknowledged.get(0)).status()).isEqualTo(200);
    RawHttp.Reply peek = http.get(queue + "/messages?n=1");
    assertThat(peek.status()).isEqualTo(200);
    assertThat(peek.json().path("messages").get(0).path("id").asText())
        .isEqualTo(acknowledged.get(0));

    Files.delete(ballast);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    RawHttp.Reply resumed = http.post(queue + "/messages", postOf("after"));
    while (resumed.status() != 201 && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      resumed = http.post(queue + "/messages", postOf("after"));
    }
    assertThat(resumed.status()).as("writes resume once space is freed").isEqualTo(201);
    RawHttp.Reply healthy = http.get("/health");
    assertThat(healthy.status()).isEqualTo(200);
    assertThat(healthy.json().path("status").asText()).isEqualTo("ok");
    assertThat(healthy.json().has("warnings")).isFalse();
    assertThat(sizeOf(http, queue)).isEqualTo(acknowledged.size() + 1);

    // Everything acknowledged is still there after a restart, and nothing refused is.
    server.restart();
    http = server.http();
    assertThat(sizeOf(http, queue)).isEqualTo(acknowledged.size() + 1);
    for (String id : acknowledged) {
      JsonNode message = http.get(queue + "/messages/" + id).json().path("message");
      assertThat(message.path("body").asText()).startsWith(BODY);
    }
  }

  private static long sizeOf(RawHttp http, String queue) {
    return http.get(queue).json().path("queue").path("size").asLong();
  }

  private static String postOf(String body) {
    return "{\"messages\": [{\"body\": \"" + body + "\"}]}";
  }

  /** Fills the disk with a file, leaving about {@code leave} bytes free. */
  private static void fill(Path file, long leave) throws IOException {
    long free = Files.getFileStore(file.getParent()).getUsableSpace();
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written + chunk.length <= free - leave; written += chunk.length) {
        out.write(chunk);
      }
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      fail(
          "'%s' failed: %s. This test mounts a 256 MiB tmpfs and needs root, as the README's"
              + " test command runs.",
          String.join(" ", command), output.trim());
    }
  }
}
