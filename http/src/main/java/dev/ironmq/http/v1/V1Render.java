package dev.ironmq.http.v1;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.http.Json;
import dev.ironmq.http.SettingsJson;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

/** Response bodies of API v1: objects are not wrapped, lists are bare arrays. */
final class V1Render {
  private V1Render() {}

  static Buffer queue(QueueInfo info) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeStringField("id", info.ref().projectId() + ":" + info.ref().name());
          json.writeStringField("name", info.ref().name());
          json.writeStringField("project_id", info.ref().projectId());
          json.writeNumberField("size", info.size());
          json.writeNumberField("total_messages", info.totalMessages());
          json.writeNumberField("message_timeout", info.config().messageTimeoutSeconds());
          json.writeNumberField("message_expiration", info.config().messageExpirationSeconds());
          json.writeStringField("push_type", info.config().type().wireName());
          if (info.config().push().isPresent()) {
            PushPolicy push = info.config().push().get();
            json.writeNumberField("retries", push.retries());
            json.writeNumberField("retries_delay", push.retriesDelaySeconds());
            json.writeStringField("error_queue", push.errorQueue());
            SettingsJson.subscribers(json, push.subscribers(), false);
          }
          SettingsJson.alerts(json, info.config().alerts());
          json.writeEndObject();
        });
  }

  /** A queue that does not exist reads as an empty one in v1. */
  static Buffer emptyQueue(QueueRef ref) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeStringField("name", ref.name());
          json.writeStringField("project_id", ref.projectId());
          json.writeNumberField("size", 0);
          json.writeNumberField("total_messages", 0);
          json.writeEndObject();
        });
  }

  static Buffer queues(String projectId, List<String> names) {
    return Json.render(
        json -> {
          json.writeStartArray();
          for (String name : names) {
            json.writeStartObject();
            json.writeStringField("id", projectId + ":" + name);
            json.writeStringField("project_id", projectId);
            json.writeStringField("name", name);
            json.writeEndObject();
          }
          json.writeEndArray();
        });
  }

  static Buffer postedIds(List<Long> ids) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("ids");
          for (long id : ids) {
            json.writeString(Long.toString(id));
          }
          json.writeEndArray();
          json.writeStringField("msg", "Messages put on queue.");
          json.writeEndObject();
        });
  }

  static Buffer reserved(List<ReservedMessage> messages) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("messages");
          for (ReservedMessage message : messages) {
            json.writeStartObject();
            writeMessage(json, message.id(), message.body(), message.reservedCount());
            json.writeNumberField("timeout", message.timeoutSeconds());
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  static Buffer peeked(List<MessageView> messages) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("messages");
          for (MessageView message : messages) {
            json.writeStartObject();
            writeMessage(json, message.id(), message.body(), message.reservedCount());
            json.writeNumberField("timeout", message.timeoutSeconds());
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  static Buffer message(MessageView message) {
    return Json.render(
        json -> {
          json.writeStartObject();
          writeMessage(json, message.id(), message.body(), message.reservedCount());
          json.writeNumberField("timeout", message.timeoutSeconds());
          json.writeStringField("status", message.reserved() ? "reserved" : "queued");
          json.writeEndObject();
        });
  }

  private static void writeMessage(JsonGenerator json, long id, String body, int reservedCount)
      throws IOException {
    json.writeStringField("id", Long.toString(id));
    json.writeStringField("body", body);
    json.writeNumberField("reserved_count", reservedCount);
  }
}
