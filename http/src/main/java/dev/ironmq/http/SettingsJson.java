package dev.ironmq.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.Subscriber;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The parts of queue and message answers that both API versions write the same way. */
public final class SettingsJson {
  private SettingsJson() {}

  /** A subscriber list; v1 subscribers have no name. */
  public static void subscribers(
      JsonGenerator json, List<Subscriber> subscribers, boolean withNames) throws IOException {
    json.writeArrayFieldStart("subscribers");
    for (Subscriber subscriber : subscribers) {
      json.writeStartObject();
      if (withNames) {
        json.writeStringField("name", subscriber.name());
      }
      json.writeStringField("url", subscriber.url());
      if (!subscriber.headers().isEmpty()) {
        json.writeObjectFieldStart("headers");
        for (Map.Entry<String, String> header : subscriber.headers().entrySet()) {
          json.writeStringField(header.getKey(), header.getValue());
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** The {@code alerts} array, when there are alerts. */
  public static void alerts(JsonGenerator json, List<AlertRecord> alerts) throws IOException {
    if (alerts.isEmpty()) {
      return;
    }
    json.writeArrayFieldStart("alerts");
    for (AlertRecord alert : alerts) {
      json.writeStartObject();
      json.writeStringField("id", alert.id());
      json.writeStringField("type", alert.kind().wireName());
      json.writeStringField("direction", alert.descending() ? "desc" : "asc");
      json.writeNumberField("trigger", alert.trigger());
      json.writeStringField("queue", alert.targetQueue());
      json.writeNumberField("snooze", alert.snoozeSeconds());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /**
   * One subscriber's push status, with the union of the field names clients read: v3's (name,
   * tries, last_try_at), v1's (id, retries_delay) and the shared ones.
   */
  public static void pushStatus(JsonGenerator json, PushStatus status) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", status.subscriberName());
    json.writeStringField("subscriber_name", status.subscriberName());
    json.writeStringField("id", status.subscriberName());
    json.writeStringField("url", status.url());
    json.writeStringField("status", status.status().wireName());
    json.writeNumberField("status_code", status.statusCode());
    json.writeNumberField("tries", status.tries());
    json.writeNumberField("retries_remaining", status.retriesRemaining());
    json.writeNumberField("retries_delay", status.retriesDelaySeconds());
    if (status.lastTryAt().isPresent()) {
      json.writeStringField(
          "last_try_at", Instant.ofEpochMilli(status.lastTryAt().getAsLong()).toString());
    }
    json.writeEndObject();
  }

  /** A message's {@code "push_statuses": [status, ...]} field, when it has any. */
  public static void pushStatusesField(JsonGenerator json, List<PushStatus> statuses)
      throws IOException {
    if (statuses.isEmpty()) {
      return;
    }
    json.writeArrayFieldStart("push_statuses");
    for (PushStatus status : statuses) {
      pushStatus(json, status);
    }
    json.writeEndArray();
  }

  /** {@code {"subscribers": [status, ...]}}: the push-status answer of both versions. */
  public static io.vertx.core.buffer.Buffer pushStatuses(List<PushStatus> statuses) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("subscribers");
          for (PushStatus status : statuses) {
            pushStatus(json, status);
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }
}
