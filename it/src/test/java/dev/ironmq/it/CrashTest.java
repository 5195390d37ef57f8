package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.it.RawHttp.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The durability contract: a server killed with SIGKILL while clients post, reserve and delete
 * loses nothing it acknowledged. After a restart on the same data directory every acknowledged post
 * is there (unless its delete was acknowledged), every acknowledged delete is gone, and every
 * acknowledged reservation still holds under its reservation id.
 */
class CrashTest {
  private static final String QUEUE = "crash";
  private static final int ROUNDS = 3;

  private Path dataDir;
  private ServerProcess server;

  /** What the clients were told: the only things the server owes them. */
  private final Map<String, String> acknowledgedPosts = new ConcurrentHashMap<>();

  private final Map<String, String> acknowledgedReservations = new ConcurrentHashMap<>();
  private final Set<String> acknowledgedDeletes = ConcurrentHashMap.newKeySet();

  /** Deletes sent, answered or not: one cut off by the kill may or may not have happened. */
  private final Set<String> attemptedDeletes = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void createDataDir() throws Exception {
    dataDir = Files.createTempDirectory("ironmq-crash");
  }

  @AfterEach
  void cleanUp() {
    if (server != null) {
      server.close();
    }
    TestServer.deleteRecursively(dataDir);
  }

  @Test
  void nothingAcknowledgedIsLostWhenTheServerIsKilled() throws Exception {
    server = new ServerProcess(dataDir.resolve("data"));
    for (int round = 0; round < ROUNDS; round++) {
      server.start();
      checkNothingAcknowledgedWasLost(server.http());
      runClientsThenKill(round);
    }
    server.start();

    checkNothingAcknowledgedWasLost(server.http());
    assertThat(acknowledgedPosts).hasSizeGreaterThan(100);
    assertThat(acknowledgedReservations).isNotEmpty();
    assertThat(acknowledgedDeletes).isNotEmpty();
  }

  private void runClientsThenKill(int round) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(6);
    for (int producer = 0; producer < 4; producer++) {
      String name = "r" + round + "p" + producer;
      clients.submit(() -> produce(server.http(), name, running));
    }
    clients.submit(() -> reserveAndHold(server.http(), running));
    clients.submit(() -> reserveAndDelete(server.http(), running));
    Thread.sleep(1500);

    server.kill();

    running.set(false);
    clients.shutdown();
    assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
  }

  private void produce(RawHttp http, String name, AtomicBoolean running) {
    for (int i = 0; running.get(); i++) {
      String body = name + "-" + i;
      try {
        Reply reply =
            http.post(
                TestServer.v3("/" + QUEUE + "/messages"),
                "{\"messages\":[{\"body\":\"" + body + "\"}]}");
        if (reply.status() == 201) {
          acknowledgedPosts.put(reply.json().at("/ids/0").asText(), body);
        }
      } catch (RuntimeException connectionLost) {
        return;
      }
    }
  }

  /** Reserves for an hour and never deletes: these reservations must survive every crash. */
  private void reserveAndHold(RawHttp http, AtomicBoolean running) {
    while (running.get()) {
      try {
        Reply reply =
            http.post(TestServer.v3("/" + QUEUE + "/reservations"), "{\"n\":2,\"timeout\":3600}");
        if (reply.status() == 200) {
          for (JsonNode m : reply.json().get("messages")) {
            acknowledgedReservations.put(m.get("id").asText(), m.get("reservation_id").asText());
          }
        }
      } catch (RuntimeException connectionLost) {
        return;
      }
    }
  }

  private void reserveAndDelete(RawHttp http, AtomicBoolean running) {
    while (running.get()) {
      try {
        Reply reply =
            http.post(TestServer.v3("/" + QUEUE + "/reservations"), "{\"n\":1,\"timeout\":3600}");
        if (reply.status() != 200 || reply.json().get("messages").isEmpty()) {
          continue;
        }
        JsonNode m = reply.json().at("/messages/0");
        String id = m.get("id").asText();
        attemptedDeletes.add(id);
        Reply deleted =
            http.delete(
                TestServer.v3("/" + QUEUE + "/messages/" + id),
                "{\"reservation_id\":\"" + m.get("reservation_id").asText() + "\"}");
        if (deleted.status() == 200) {
          acknowledgedDeletes.add(id);
        }
      } catch (RuntimeException connectionLost) {
        return;
      }
    }
  }

  private void checkNothingAcknowledgedWasLost(RawHttp http) {
    List<String> lost = new ArrayList<>();
    for (Map.Entry<String, String> post : acknowledgedPosts.entrySet()) {
      Reply reply = http.get(TestServer.v3("/" + QUEUE + "/messages/" + post.getKey()));
      if (acknowledgedDeletes.contains(post.getKey())) {
        assertThat(reply.status()).as("deleted message %s", post.getKey()).isEqualTo(404);
      } else if (reply.status() == 404 && attemptedDeletes.contains(post.getKey())) {
        continue;
      } else if (reply.status() != 200
          || !reply.json().at("/message/body").asText().equals(post.getValue())) {
        lost.add(post.getKey());
      }
    }
    assertThat(lost).as("acknowledged posts missing after the crash").isEmpty();

    Set<String> available = new HashSet<>();
    for (JsonNode m :
        http.get(TestServer.v3("/" + QUEUE + "/messages?n=100")).json().path("messages")) {
      available.add(m.get("id").asText());
    }
    for (Map.Entry<String, String> held : acknowledgedReservations.entrySet()) {
      if (acknowledgedDeletes.contains(held.getKey())) {
        continue;
      }
      assertThat(available)
          .as("held message %s is not available", held.getKey())
          .doesNotContain(held.getKey());
      Reply touched =
          http.post(
              TestServer.v3("/" + QUEUE + "/messages/" + held.getKey() + "/touch"),
              "{\"reservation_id\":\"" + held.getValue() + "\",\"timeout\":3600}");
      assertThat(touched.status())
          .as("reservation of %s still holds", held.getKey())
          .isEqualTo(200);
      held.setValue(touched.json().get("reservation_id").asText());
    }
  }
}
