package dev.ironmq.backend.stored;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ironmq.backend.AlertKind;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.DeadLetterPolicy;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueuePause;
import dev.ironmq.backend.Subscriber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A queue's settings as stored: the fields of one JSON object, the same in the embedded store's
 * queue records and in PostgreSQL's {@code config} column, so that moving data between them changes
 * nothing. The queue type is under its stored code ({@link StoredCodes}).
 */
public final class QueueConfigJson {
  private QueueConfigJson() {}

  /** Writes the settings' fields into {@code node}. */
  public static ObjectNode write(ObjectNode node, QueueConfig config) {
    node.put("type", StoredCodes.code(config.type()))
        .put("message_timeout", config.messageTimeoutSeconds())
        .put("message_expiration", config.messageExpirationSeconds());
    config
        .deadLetter()
        .ifPresent(
            dl ->
                node.putObject("dead_letter")
                    .put("queue_name", dl.queueName())
                    .put("max_reservations", dl.maxReservations()));
    config.push().ifPresent(push -> writePush(node.putObject("push"), push));
    if (config.pause().any()) {
      node.putObject("pause")
          .put("reserve", config.pause().reserve())
          .put("push", config.pause().push());
    }
    ArrayNode alerts = node.putArray("alerts");
    for (AlertRecord alert : config.alerts()) {
      ObjectNode stored =
          alerts
              .addObject()
              .put("id", alert.id())
              .put("progressive", alert.progressive())
              .put("descending", alert.descending())
              .put("trigger", alert.trigger())
              .put("queue", alert.targetQueue())
              .put("snooze", alert.snoozeSeconds());
      if (!alert.kind().watchesSize()) {
        stored.put("kind", alert.kind().wireName());
      }
    }
    return node;
  }

  /** Reads the settings from the fields of {@code node}. */
  public static QueueConfig read(JsonNode node) {
    Optional<DeadLetterPolicy> deadLetter =
        Optional.ofNullable(node.get("dead_letter"))
            .map(
                dl ->
                    new DeadLetterPolicy(
                        dl.get("queue_name").asText(), dl.get("max_reservations").asInt()));
    Optional<PushPolicy> push =
        Optional.ofNullable(node.get("push")).map(QueueConfigJson::readPush);
    return new QueueConfig(
        StoredCodes.queueType(node.get("type").asText()),
        node.get("message_timeout").asInt(),
        node.get("message_expiration").asInt(),
        deadLetter,
        push,
        readAlerts(node.path("alerts")),
        new QueuePause(
            node.path("pause").path("reserve").asBoolean(false),
            node.path("pause").path("push").asBoolean(false)));
  }

  /** Reads a list of alerts as {@link #write} stores them. */
  public static List<AlertRecord> readAlerts(JsonNode alerts) {
    List<AlertRecord> read = new ArrayList<>();
    for (JsonNode alert : alerts) {
      read.add(
          new AlertRecord(
              alert.get("id").asText(),
              kindOf(alert),
              alert.get("descending").asBoolean(),
              alert.get("trigger").asInt(),
              alert.get("queue").asText(),
              alert.get("snooze").asInt()));
    }
    return read;
  }

  /** Size alerts, as stored before other kinds existed, name no kind. */
  private static AlertKind kindOf(JsonNode alert) {
    if (alert.has("kind")) {
      return AlertKind.named(alert.get("kind").asText())
          .orElseThrow(() -> new IllegalStateException("Unknown alert kind: " + alert.get("kind")));
    }
    return alert.get("progressive").asBoolean() ? AlertKind.PROGRESSIVE : AlertKind.FIXED;
  }

  private static void writePush(ObjectNode node, PushPolicy push) {
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

  private static PushPolicy readPush(JsonNode node) {
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
}
