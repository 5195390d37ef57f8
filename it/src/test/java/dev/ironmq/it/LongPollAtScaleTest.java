package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of parked long polls on one server hold no thread each, and are all answered promptly
 * once messages arrive.
 */
class LongPollAtScaleTest {
  private static final int POLLS = 3000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestServer server;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void thousandsOfParkedPollsAreAnsweredWhenMessagesArrive() throws Exception {
    String queue = TestServer.uniqueQueue("many-waiters");
    RawHttp http = server.http();
    http.put(TestServer.v3("/" + queue), "{}");
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()),
            new PoolOptions().setHttp1MaxSize(POLLS));
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

    List<Future<Buffer>> polls = new ArrayList<>();
    io.vertx.core.Context context = vertx.getOrCreateContext();
    for (int i = 0; i < POLLS; i++) {
      io.vertx.core.Promise<Buffer> answer = io.vertx.core.Promise.promise();
      // On the client's context: a response is read on the thread that receives it.
      context.runOnContext(v -> poll(client, queue).onComplete(answer));
      polls.add(answer.future());
    }
    awaitParked(queue);
    int threadsWhileParked = ManagementFactory.getThreadMXBean().getThreadCount();
    assertThat(polls).noneMatch(Future::isComplete);

    long posted = System.nanoTime();
    for (int batch = 0; batch < POLLS / 100; batch++) {
      StringBuilder body = new StringBuilder("{\"messages\":[");
      for (int m = 0; m < 100; m++) {
        body.append(m == 0 ? "" : ",")
            .append("{\"body\":\"m")
            .append(batch * 100 + m)
            .append("\"}");
      }
      http.post(TestServer.v3("/" + queue + "/messages"), body.append("]}").toString());
    }
    Future.all(polls).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long answeredMillis = (System.nanoTime() - posted) / 1_000_000;

    Set<String> ids = new HashSet<>();
    for (Future<Buffer> poll : polls) {
      JsonNode messages = JSON.readTree(poll.result().getBytes()).get("messages");
      assertThat(messages).hasSize(1);
      ids.add(messages.get(0).get("id").asText());
    }
    assertThat(ids).hasSize(POLLS);
    assertThat(threadsWhileParked - threadsBefore).as("threads added by parking").isLessThan(20);
    assertThat(answeredMillis).as("time to answer every poll").isLessThan(15_000);
  }

  @Test
  void aPollWhoseClientWentAwayTakesNoMessage() throws Exception {
    String queue = TestServer.uniqueQueue("gone-waiter");
    RawHttp http = server.http();
    http.put(TestServer.v3("/" + queue), "{}");
    long parkedBefore = server.server.backend().parkedReserves();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      String body = "{\"n\":1,\"wait\":30}";
      socket
          .getOutputStream()
          .write(
              ("POST "
                      + TestServer.v3("/" + queue + "/reservations")
                      + " HTTP/1.1\r\n"
                      + "Host: localhost\r\nAuthorization: OAuth "
                      + TestServer.TOKEN
                      + "\r\n"
                      + "Content-Type: application/json\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      awaitParkedCount(parkedBefore + 1);
    }
    awaitParkedCount(parkedBefore);

    http.post(
        TestServer.v3("/" + queue + "/messages"),
        "{\"messages\":[{\"body\":\"for someone else\"}]}");

    assertThat(
            http.get(TestServer.v3("/" + queue + "/messages"))
                .json()
                .at("/messages/0/body")
                .asText())
        .isEqualTo("for someone else");
  }

  private static void awaitParkedCount(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.server.backend().parkedReserves() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "parked reserves: "
                + server.server.backend().parkedReserves()
                + ", expected "
                + expected);
      }
      Thread.sleep(20);
    }
  }

  private static Future<Buffer> poll(HttpClient client, String queue) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setURI(TestServer.v3("/" + queue + "/reservations"))
            .putHeader("Authorization", "OAuth " + TestServer.TOKEN)
            .putHeader("Content-Type", "application/json")
            .setIdleTimeout(60_000);
    return client
        .request(options)
        .compose(request -> request.send(Buffer.buffer("{\"n\":1,\"wait\":30,\"timeout\":300}")))
        .compose(response -> response.body());
  }

  /** Waits until the server holds every poll. */
  private static void awaitParked(String queue) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.server.backend().parkedReserves() < POLLS) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the polls did not all reach " + queue);
      }
      Thread.sleep(50);
    }
  }
}
