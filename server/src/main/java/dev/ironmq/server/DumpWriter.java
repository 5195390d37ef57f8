package dev.ironmq.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.backend.stored.QueueConfigJson;
import dev.ironmq.backend.stored.StoredCodes;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/**
 * Writes what a journal holds as a dump: JSON Lines, one record a line, each an object with one key
 * saying what it is ({@code dump}, {@code sequence}, {@code project}, {@code token}, {@code queue},
 * {@code message}). docs/postgresql.md describes the format; {@code ironmq import} reads it.
 */
final class DumpWriter implements JournalVisitor {
  static final int FORMAT = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final Writer out;
  private long queues;
  private long messages;

  DumpWriter(Writer out, long writtenAt) {
    this.out = out;
    ObjectNode header = JSON.createObjectNode();
    header.putObject("dump").put("format", FORMAT).put("written_at", writtenAt);
    line(header);
  }

  long queues() {
    return queues;
  }

  long messages() {
    return messages;
  }

  @Override
  public void sequence(String name, long value) {
    ObjectNode line = JSON.createObjectNode();
    line.putObject("sequence").put("name", name).put("value", value);
    line(line);
  }

  @Override
  public void project(ProjectRecord project) {
    ObjectNode line = JSON.createObjectNode();
    line.putObject("project")
        .put("id", project.projectId())
        .put("name", project.name())
        .put("created_at", project.createdAt());
    line(line);
  }

  @Override
  public void token(TokenRecord token) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode t =
        line.putObject("token")
            .put("hash", token.tokenHash())
            .put("admin", token.admin())
            .put("label", token.label())
            .put("created_at", token.createdAt());
    ArrayNode projects = t.putArray("projects");
    token.projectIds().stream().sorted().forEach(projects::add);
    line(line);
  }

  @Override
  public void queue(QueueRecord queue, long totalMessages) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode q =
        line.putObject("queue")
            .put("id", queue.queueId())
            .put("project_id", queue.projectId())
            .put("name", queue.name())
            .put("created_at", queue.createdAt())
            .put("total_messages", totalMessages);
    QueueConfigJson.write(q.putObject("config"), queue.config());
    line(line);
    queues++;
  }

  @Override
  public void message(
      MessageRecord message, Optional<MessageState> state, List<DeliveryRecord> deliveries) {
    ObjectNode line = JSON.createObjectNode();
    ObjectNode m =
        line.putObject("message")
            .put("queue", message.queueId())
            .put("id", message.messageId())
            .put("body", message.body())
            .put("posted_at", message.postedAt())
            .put("expires_at", message.expiresAt())
            .put("available_at", message.availableAt())
            .put("timeout", message.timeoutSeconds());
    ObjectNode headers = m.putObject("push_headers");
    message.pushHeaders().forEach(headers::put);
    state.ifPresent(
        s ->
            m.putObject("state")
                .put("reserved_count", s.reservedCount())
                .put("reservation_id", s.reservationId())
                .put("visible_at", s.visibleAt()));
    ArrayNode list = m.putArray("deliveries");
    for (DeliveryRecord d : deliveries) {
      ObjectNode delivery =
          list.addObject()
              .put("subscriber", d.subscriberName())
              .put("status", StoredCodes.code(d.status()))
              .put("tries", d.tries())
              .put("round", d.round())
              .put("cursor", d.cursor())
              .put("last_try_at", d.lastTryAt())
              .put("next_attempt_at", d.nextAttemptAt())
              .put("reservation_id", d.reservationId());
      ArrayNode results = delivery.putArray("results");
      for (AttemptResult r : d.results()) {
        results
            .addObject()
            .put("subscriber", r.subscriberName())
            .put("status_code", r.statusCode())
            .put("message", r.message());
      }
    }
    line(line);
    messages++;
  }

  private void line(ObjectNode node) {
    try {
      JSON.writeValue(out, node);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dump", e);
    }
  }
}
