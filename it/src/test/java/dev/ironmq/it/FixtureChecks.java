package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ironmq.it.RawHttp.Reply;
import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a data directory written by an earlier release holds, checked through a running server:
 * every project, token, queue, message state, reservation and push delivery in it. The fixture was
 * made by {@code it/fixtures/make-data-dir.sh} with the server of commit 6bf14b8; its manifest
 * names what it holds. The server runs on a clock stopped a second after the fixture was written,
 * so that its delays and reservations are as they were. Subclasses say how the server gets the
 * data: by opening the directory, or after moving it to PostgreSQL.
 */
abstract class FixtureChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private JsonNode manifest;
  private IronMqServer server;
  private RawHttp http;

  /** Starts a server that serves what the data directory holds, on the given clock. */
  abstract IronMqServer serve(Path dataDir, ServerConfig config, Clock clock) throws Exception;

  /** A fresh copy for each test, as one of them changes it. */
  @BeforeEach
  void loadTheFixture() throws Exception {
    Path fixture = Path.of(FixtureChecks.class.getResource("/fixtures/release-6bf14b8").toURI());
    manifest = JSON.readTree(fixture.resolve("manifest.json").toFile());
    Path dataDir = dir.resolve("data");
    copy(fixture.resolve("data"), dataDir);
    Instant writtenAt = Instant.ofEpochMilli(manifest.get("generated_at").asLong());
    server =
        serve(
            dataDir,
            ServerConfig.defaults(dataDir, 0)
                .withCredentials(
                    manifest.get("project").asText(),
                    manifest.get("token").asText(),
                    manifest.get("admin_token").asText()),
            Clock.fixed(writtenAt.plusSeconds(1), ZoneOffset.UTC));
    http =
        new RawHttp("http://127.0.0.1:" + server.port())
            .withHeader("Authorization", "OAuth " + manifest.get("token").asText());
  }

  @AfterEach
  void stop() {
    server.close();
    stopped();
  }

  /** Cleans up after the server stopped. */
  void stopped() {}

  @Test
  void everyQueueIsThereWithItsSettingsAndCounters() {
    assertThat(names(get("").path("queues")))
        .containsExactly(
            "copies",
            "dead",
            "delivered",
            "delivered-copies",
            "fanout",
            "jobs",
            "single",
            "single-errors",
            "source",
            "watched");
    JsonNode jobs = queue("jobs");
    assertThat(jobs.get("size").asInt()).isEqualTo(6);
    assertThat(jobs.get("total_messages").asInt()).isEqualTo(6);
    assertThat(jobs.get("message_timeout").asInt()).isEqualTo(120);
    assertThat(jobs.get("message_expiration").asInt()).isEqualTo(2592000);
    assertThat(queue("source").path("dead_letter").get("queue_name").asText()).isEqualTo("dead");
    assertThat(queue("source").path("dead_letter").get("max_reservations").asInt()).isEqualTo(1);
    assertThat(queue("source").get("total_messages").asInt()).isEqualTo(1);
  }

  @Test
  void alertsKeepTheirIdsAndRules() {
    JsonNode alerts = queue("watched").path("alerts");

    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0).get("type").asText()).isEqualTo("fixed");
    assertThat(alerts.get(0).get("direction").asText()).isEqualTo("asc");
    assertThat(alerts.get(0).get("trigger").asInt()).isEqualTo(10);
    assertThat(alerts.get(0).get("queue").asText()).isEqualTo("alarms");
    assertThat(alerts.get(0).get("snooze").asInt()).isEqualTo(60);
    assertThat(alerts.get(0).get("id").asText()).hasSize(24);
    assertThat(alerts.get(1).get("type").asText()).isEqualTo("progressive");
    assertThat(alerts.get(1).get("direction").asText()).isEqualTo("desc");
  }

  @Test
  void availableMessagesComeInTheirOrderWithTheirCounts() {
    JsonNode peeked = get("/jobs/messages?n=10").path("messages");

    assertThat(peeked).hasSize(2);
    assertThat(peeked.get(0).get("id").asText()).isEqualTo(job("timed_out"));
    assertThat(peeked.get(0).get("reserved_count").asInt()).isEqualTo(1);
    assertThat(peeked.get(1).get("id").asText()).isEqualTo(job("available"));
    assertThat(peeked.get(1).get("reserved_count").asInt()).isZero();
  }

  @Test
  void reservedDelayedAndReleasedMessagesKeepTheirState() {
    assertThat(message("jobs", job("reserved")).get("reserved_count").asInt()).isEqualTo(1);
    assertThat(message("jobs", job("touched")).get("reserved_count").asInt()).isEqualTo(2);
    assertThat(message("jobs", job("released")).get("reserved_count").asInt()).isEqualTo(1);
    assertThat(message("jobs", job("delayed")).get("reserved_count").asInt()).isZero();
    assertThat(message("jobs", job("delayed")).get("body").asText()).isEqualTo("delayed");
  }

  @Test
  void storedReservationIdsStillWork() {
    Reply touched =
        http.post(
            path("/jobs/messages/" + job("reserved") + "/touch"),
            "{\"reservation_id\":\"" + manifest.at("/jobs/reserved_rid").asText() + "\"}");
    Reply deleted =
        http.delete(
            path("/jobs/messages/" + job("touched")),
            "{\"reservation_id\":\"" + manifest.at("/jobs/touched_rid").asText() + "\"}");
    Reply stale =
        http.delete(
            path("/jobs/messages/" + job("reserved")),
            "{\"reservation_id\":\"" + manifest.at("/jobs/reserved_rid").asText() + "\"}");

    assertThat(touched.status()).as(touched.body()).isEqualTo(200);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    assertThat(stale.status()).isEqualTo(403);
  }

  @Test
  void aDeadLetterKeepsItsIdAndCount() {
    JsonNode dead = message("dead", manifest.get("dead").asText());

    assertThat(dead.get("body").asText()).isEqualTo("to the dead letters");
    assertThat(dead.get("reserved_count").asInt()).isEqualTo(1);
  }

  @Test
  void pushDeliveriesKeepTheirStatuses() {
    JsonNode statuses =
        get("/fanout/messages/" + manifest.get("pushed").asText() + "/subscribers")
            .path("subscribers");

    assertThat(status(statuses, "copy")).isEqualTo("deleted/201/1");
    assertThat(status(statuses, "slow")).isEqualTo("reserved/202/1");
    assertThat(status(statuses, "down")).isEqualTo("retrying/0/1");
    JsonNode fanout = queue("fanout");
    assertThat(fanout.get("type").asText()).isEqualTo("multicast");
    assertThat(fanout.at("/push/retries_delay").asInt()).isEqualTo(86400);
    assertThat(fanout.at("/push/subscribers/1/headers/X-Fixture").asText()).isEqualTo("yes");
    assertThat(get("/copies/messages").at("/messages/0/body").asText()).isEqualTo("fan out");
  }

  @Test
  void aDeliveryGivenUpOnAndItsReportStay() {
    JsonNode failed = message("single", manifest.get("failed").asText());
    JsonNode report = get("/single-errors/messages").at("/messages/0/body");

    assertThat(failed.at("/push_statuses/0/status").asText()).isEqualTo("error");
    assertThat(report.asText()).contains(manifest.get("failed").asText());
    assertThat(queue("single").get("size").asInt()).isZero();
  }

  @Test
  void aDeliveredMessageIsStillReadableWithItsStatuses() {
    JsonNode delivered = message("delivered", manifest.get("receipt").asText());

    assertThat(delivered.get("body").asText()).isEqualTo("delivered");
    assertThat(delivered.at("/push_statuses/0/status").asText()).isEqualTo("deleted");
    assertThat(queue("delivered-copies").get("size").asInt()).isEqualTo(1);
  }

  @Test
  void tokensOpenTheirProjectsAndNoOthers() {
    String billing = manifest.get("billing").asText();
    RawHttp billingClient =
        http.anonymous()
            .withHeader("Authorization", "OAuth " + manifest.get("billing_token").asText());
    RawHttp admin =
        http.anonymous()
            .withHeader("Authorization", "OAuth " + manifest.get("admin_token").asText());

    assertThat(billingClient.get("/3/projects/" + billing + "/queues").body()).contains("invoices");
    assertThat(billingClient.get("/3/projects/" + project() + "/queues").status()).isEqualTo(404);
    assertThat(http.get("/3/projects/" + billing + "/queues").status()).isEqualTo(404);
    assertThat(admin.get("/admin/projects").json().path("projects")).hasSize(2);
    assertThat(admin.get("/admin/tokens").json().path("tokens")).hasSize(3);
  }

  private static String status(JsonNode statuses, String name) {
    for (JsonNode status : statuses) {
      if (status.get("name").asText().equals(name)) {
        return status.get("status").asText()
            + "/"
            + status.get("status_code").asInt()
            + "/"
            + status.get("tries").asInt();
      }
    }
    throw new AssertionError("no status for " + name + " in " + statuses);
  }

  private String project() {
    return manifest.get("project").asText();
  }

  private String job(String name) {
    return manifest.at("/jobs/" + name).asText();
  }

  private String path(String rest) {
    return "/3/projects/" + project() + "/queues" + rest;
  }

  private JsonNode get(String rest) {
    Reply reply = http.get(path(rest));
    assertThat(reply.status()).as(rest + ": " + reply.body()).isEqualTo(200);
    return reply.json();
  }

  private JsonNode queue(String name) {
    return get("/" + name).path("queue");
  }

  private JsonNode message(String queue, String id) {
    return get("/" + queue + "/messages/" + id).path("message");
  }

  private static List<String> names(JsonNode queues) {
    return Stream.iterate(0, i -> i < queues.size(), i -> i + 1)
        .map(i -> queues.get(i).get("name").asText())
        .toList();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Files.copy(source, to.resolve(from.relativize(source).toString()));
      }
    }
  }
}
