package dev.ironmq.store.rocksdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.DeadLetterPolicy;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.QueueRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JSON values for queues, projects and tokens: small, rarely written, and easy to read when an
 * operator inspects the database. Each value carries {@code "v": 1}, its format version.
 */
final class RecordCodec {
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordCodec() {}

  static byte[] encode(QueueRecord queue) {
    QueueConfig config = queue.config();
    ObjectNode node = versioned();
    node.put("id", queue.queueId())
        .put("project_id", queue.projectId())
        .put("name", queue.name())
        .put("created_at", queue.createdAt())
        .put("type", StoredCodes.code(config.type()))
        .put("message_timeout", config.messageTimeoutSeconds())
        .put("message_expiration", config.messageExpirationSeconds());
    config
        .deadLetter()
        .ifPresent(
            dl ->
                node.putObject("dead_letter")
                    .put("queue_name", dl.queueName())
                    .put("max_reservations", dl.maxReservations()));
    config.push().ifPresent(push -> encodePush(node.putObject("push"), push));
    ArrayNode alerts = node.putArray("alerts");
    for (AlertRecord alert : config.alerts()) {
      alerts
          .addObject()
          .put("id", alert.id())
          .put("progressive", alert.progressive())
          .put("descending", alert.descending())
          .put("trigger", alert.trigger())
          .put("queue", alert.targetQueue())
          .put("snooze", alert.snoozeSeconds());
    }
    return bytes(node);
  }

  static QueueRecord decodeQueue(byte[] value) {
    JsonNode node = read(value, "queue");
    Optional<DeadLetterPolicy> deadLetter =
        Optional.ofNullable(node.get("dead_letter"))
            .map(
                dl ->
                    new DeadLetterPolicy(
                        dl.get("queue_name").asText(), dl.get("max_reservations").asInt()));
    Optional<PushPolicy> push = Optional.ofNullable(node.get("push")).map(RecordCodec::decodePush);
    List<AlertRecord> alerts = new ArrayList<>();
    for (JsonNode alert : node.path("alerts")) {
      alerts.add(
          new AlertRecord(
              alert.get("id").asText(),
              alert.get("progressive").asBoolean(),
              alert.get("descending").asBoolean(),
              alert.get("trigger").asInt(),
              alert.get("queue").asText(),
              alert.get("snooze").asInt()));
    }
    QueueType type = StoredCodes.queueType(node.get("type").asText());
    QueueConfig config =
        new QueueConfig(
            type,
            node.get("message_timeout").asInt(),
            node.get("message_expiration").asInt(),
            deadLetter,
            push,
            alerts);
    return new QueueRecord(
        node.get("id").asLong(),
        node.get("project_id").asText(),
        node.get("name").asText(),
        config,
        node.get("created_at").asLong());
  }

  static byte[] encode(ProjectRecord project) {
    return bytes(
        versioned()
            .put("id", project.projectId())
            .put("name", project.name())
            .put("created_at", project.createdAt()));
  }

  static ProjectRecord decodeProject(byte[] value) {
    JsonNode node = read(value, "project");
    return new ProjectRecord(
        node.get("id").asText(), node.get("name").asText(), node.get("created_at").asLong());
  }

  static byte[] encode(TokenRecord token) {
    ObjectNode node =
        versioned()
            .put("hash", token.tokenHash())
            .put("admin", token.admin())
            .put("label", token.label())
            .put("created_at", token.createdAt());
    ArrayNode projects = node.putArray("projects");
    token.projectIds().stream().sorted().forEach(projects::add);
    return bytes(node);
  }

  static TokenRecord decodeToken(byte[] value) {
    JsonNode node = read(value, "token");
    Set<String> projects = new HashSet<>();
    node.path("projects").forEach(p -> projects.add(p.asText()));
    return new TokenRecord(
        node.get("hash").asText(),
        projects,
        node.get("admin").asBoolean(),
        node.get("label").asText(),
        node.get("created_at").asLong());
  }

  private static void encodePush(ObjectNode node, PushPolicy push) {
    ArrayNode subscribers = node.putArray("subscribers");
    for (Subscriber subscriber : push.subscribers()) {
      ObjectNode s = subscribers.addObject();
      s.put("name", subscriber.name()).put("url", subscriber.url());
      ObjectNode headers = s.putObject("headers");
      subscriber.headers().forEach(headers::put);
    }
    node.put("retries", push.retries())
        .put("retries_delay", push.retriesDelaySeconds())
        .put("error_queue", push.errorQueue());
  }

  private static PushPolicy decodePush(JsonNode node) {
    List<Subscriber> subscribers = new ArrayList<>();
    for (JsonNode s : node.path("subscribers")) {
      Map<String, String> headers = new LinkedHashMap<>();
      s.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
      subscribers.add(new Subscriber(s.get("name").asText(), s.get("url").asText(), headers));
    }
    return new PushPolicy(
        subscribers,
        node.get("retries").asInt(),
        node.get("retries_delay").asInt(),
        node.get("error_queue").asText());
  }

  private static ObjectNode versioned() {
    return JSON.createObjectNode().put("v", VERSION);
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new JournalException("cannot encode " + node, e);
    }
  }

  private static JsonNode read(byte[] value, String what) {
    try {
      JsonNode node = JSON.readTree(value);
      if (node.path("v").asInt() != VERSION) {
        throw new JournalException("unknown " + what + " format version in " + node);
      }
      return node;
    } catch (IOException e) {
      throw new JournalException("cannot decode a " + what + " record", e);
    }
  }
}
