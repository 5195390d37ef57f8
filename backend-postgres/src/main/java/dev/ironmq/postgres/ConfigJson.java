package dev.ironmq.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.stored.QueueConfigJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON as the tables hold it: a queue's settings in the {@code config} column (the stored form
 * every backend shares, {@link QueueConfigJson}; the SQL functions read its {@code type} and
 * timeouts), and a message's push headers.
 */
final class ConfigJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigJson() {}

  static String encode(QueueConfig config) {
    return QueueConfigJson.write(JSON.createObjectNode(), config).toString();
  }

  static QueueConfig decode(String json) {
    return QueueConfigJson.read(read(json));
  }

  /** A JSON object of string values, as push headers are stored; null for none. */
  static String headers(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return null;
    }
    ObjectNode node = JSON.createObjectNode();
    headers.forEach(node::put);
    return node.toString();
  }

  static Map<String, String> headers(String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (json != null) {
      read(json).properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
    }
    return headers;
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable JSON in the database: " + json, e);
    }
  }

  static ObjectMapper mapper() {
    return JSON;
  }
}
