package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.RawHttp.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SIGTERM stops the server cleanly: parked long polls are answered and the store is closed. */
class ShutdownTest {
  private Path dataDir;
  private ServerProcess server;

  @BeforeEach
  void createDataDir() throws Exception {
    dataDir = Files.createTempDirectory("ironmq-shutdown");
  }

  @AfterEach
  void cleanUp() {
    server.close();
    TestServer.deleteRecursively(dataDir);
  }

  @Test
  void sigtermAnswersParkedPollsAndClosesTheStore() throws Exception {
    server = new ServerProcess(dataDir.resolve("data")).start();
    RawHttp http = server.http();
    String posted =
        http.post(TestServer.v3("/q/messages"), "{\"messages\":[{\"body\":\"kept\"}]}")
            .json()
            .at("/ids/0")
            .asText();
    http.put(TestServer.v3("/empty"), "{}");
    CompletableFuture<HttpResponse<String>> parked =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + TestServer.v3("/empty/reservations")))
                    .header("Authorization", "OAuth " + TestServer.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"wait\":30}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Thread.sleep(500);

    long start = System.nanoTime();
    int exit = server.terminate();
    Duration stopping = Duration.ofNanos(System.nanoTime() - start);

    HttpResponse<String> answer = parked.get(5, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"messages\":[]}");
    assertThat(exit).as("exit after SIGTERM").isEqualTo(143);
    assertThat(stopping).isLessThan(Duration.ofSeconds(10));
    assertThat(server.log()).contains("Stopped");

    server.start();
    Reply again = server.http().get(TestServer.v3("/q/messages/" + posted));
    assertThat(again.json().at("/message/body").asText()).isEqualTo("kept");
  }
}
