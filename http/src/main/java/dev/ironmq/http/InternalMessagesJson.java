package dev.ironmq.http;

import dev.ironmq.backend.AlertNotice;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.ErrorReport;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.SubscriberRate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The JSON bodies of error reports (§5.7) and alerts (§6.2), field by field as IronMQ wrote them.
 */
public final class InternalMessagesJson implements InternalMessages {
  @Override
  public String render(ErrorReport report) {
    return text(
        Json.render(
            json -> {
              json.writeStartObject();
              json.writeStringField("source_msg_id", Long.toString(report.sourceMessageId()));
              json.writeStringField("body", report.body());
              json.writeObjectFieldStart("headers");
              for (Map.Entry<String, String> header : report.headers().entrySet()) {
                json.writeStringField(header.getKey(), header.getValue());
              }
              json.writeEndObject();
              json.writeArrayFieldStart("subscribers");
              for (ErrorReport.Failure failure : report.subscribers()) {
                json.writeStartObject();
                json.writeStringField("name", failure.name());
                json.writeStringField("url", failure.url());
                json.writeNumberField("code", failure.statusCode());
                json.writeStringField("msg", failure.message());
                json.writeEndObject();
              }
              json.writeEndArray();
              json.writeEndObject();
            }));
  }

  @Override
  public String render(AlertNotice notice) {
    return text(
        Json.render(
            json -> {
              json.writeStartObject();
              json.writeStringField("source_queue", notice.sourceQueue());
              json.writeNumberField("queue_size", notice.queueSize());
              AlertRecord alert = notice.alert();
              json.writeStringField("alert_id", alert.id());
              json.writeStringField("alert_type", alert.kind().wireName());
              json.writeStringField("alert_direction", alert.descending() ? "desc" : "asc");
              json.writeNumberField("alert_trigger", alert.trigger());
              if (notice.oldestAgeSeconds().isPresent()) {
                json.writeNumberField("oldest_message_age", notice.oldestAgeSeconds().getAsLong());
              }
              if (notice.rate().isPresent()) {
                SubscriberRate rate = notice.rate().get();
                json.writeStringField("subscriber_name", rate.subscriber());
                json.writeNumberField("attempts", rate.attempts());
                json.writeNumberField("failures", rate.failures());
                json.writeNumberField("failure_rate", Math.round(rate.failurePercent()));
              }
              json.writeStringField(
                  "created_at",
                  Instant.ofEpochMilli(notice.firedAt())
                      .truncatedTo(ChronoUnit.SECONDS)
                      .toString());
              json.writeEndObject();
            }));
  }

  private static String text(io.vertx.core.buffer.Buffer json) {
    return json.toString(StandardCharsets.UTF_8);
  }
}
