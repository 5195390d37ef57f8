package dev.ironmq.http.v3;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.http.Json;
import dev.ironmq.http.SettingsJson;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

/** Response bodies of API v3. Every object is wrapped at the root; every id is a string. */
public final class V3Render {
  private V3Render() {}

  /** {@code {"queue": {...}}}; counters are left out of create answers, as IronMQ does. */
  public static Buffer queue(QueueInfo info, boolean withCounters) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart("queue");
          json.writeStringField("name", info.ref().name());
          json.writeStringField("project_id", info.ref().projectId());
          if (withCounters) {
            json.writeNumberField("size", info.size());
            json.writeNumberField("total_messages", info.totalMessages());
          }
          QueueConfig config = info.config();
          json.writeNumberField("message_timeout", config.messageTimeoutSeconds());
          json.writeNumberField("message_expiration", config.messageExpirationSeconds());
          json.writeStringField("type", config.type().wireName());
          if (config.deadLetter().isPresent()) {
            json.writeObjectFieldStart("dead_letter");
            json.writeStringField("queue_name", config.deadLetter().get().queueName());
            json.writeNumberField("max_reservations", config.deadLetter().get().maxReservations());
            json.writeEndObject();
          }
          if (config.push().isPresent()) {
            PushPolicy push = config.push().get();
            json.writeObjectFieldStart("push");
            SettingsJson.subscribers(json, push.subscribers(), true);
            json.writeNumberField("retries", push.retries());
            json.writeNumberField("retries_delay", push.retriesDelaySeconds());
            if (!push.errorQueue().isEmpty()) {
              json.writeStringField("error_queue", push.errorQueue());
            }
            json.writeEndObject();
          }
          SettingsJson.alerts(json, config.alerts());
          if (config.pause().any()) {
            json.writeObjectFieldStart("paused");
            json.writeBooleanField("reserve", config.pause().reserve());
            json.writeBooleanField("push", config.pause().push());
            json.writeEndObject();
          }
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  static Buffer queueNames(List<String> names) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("queues");
          for (String name : names) {
            json.writeStartObject();
            json.writeStringField("name", name);
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
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
            json.writeStringField("reservation_id", message.reservationId());
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
          json.writeObjectFieldStart("message");
          writeMessage(json, message.id(), message.body(), message.reservedCount());
          SettingsJson.pushStatusesField(json, message.pushStatuses());
          json.writeEndObject();
          json.writeEndObject();
        });
  }

  static Buffer touched(ReservedMessage message) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeStringField("reservation_id", message.reservationId());
          json.writeStringField("msg", "Touched");
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
