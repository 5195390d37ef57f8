package dev.ironmq.store.rocksdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.backend.stored.QueueConfigJson;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.QueueRecord;
import java.io.IOException;
import java.util.HashSet;
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
    ObjectNode node = versioned();
    node.put("id", queue.queueId())
        .put("project_id", queue.projectId())
        .put("name", queue.name())
        .put("created_at", queue.createdAt());
    return bytes(QueueConfigJson.write(node, queue.config()));
  }

  static QueueRecord decodeQueue(byte[] value) {
    JsonNode node = read(value, "queue");
    QueueConfig config;
    try {
      config = QueueConfigJson.read(node);
    } catch (IllegalStateException unknownCode) {
      throw new JournalException(unknownCode.getMessage() + " in " + node, unknownCode);
    }
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

  static byte[] encode(StatsCounts counts) {
    return bytes(
        versioned()
            .put("size", counts.size())
            .put("posted", counts.posted())
            .put("reserved", counts.reserved())
            .put("deleted", counts.deleted())
            .put("push_delivered", counts.pushDelivered())
            .put("push_failed", counts.pushFailed()));
  }

  static StatsCounts decodeStats(byte[] value) {
    JsonNode node = read(value, "history");
    return new StatsCounts(
        node.get("size").asLong(),
        node.get("posted").asLong(),
        node.get("reserved").asLong(),
        node.get("deleted").asLong(),
        node.get("push_delivered").asLong(),
        node.get("push_failed").asLong());
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
