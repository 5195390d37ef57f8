package dev.ironmq.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads messages to post and ids to delete, as both API versions send them. */
public final class MessageParser {
  private MessageParser() {}

  /**
   * The {@code messages} of a post. API v1 messages may carry their own {@code timeout} and {@code
   * expires_in}; v3 ignores those fields, as IronMQ v3 did.
   */
  public static List<NewMessage> messages(JsonBody body, boolean perMessageTimeouts) {
    if (!body.has("messages")) {
      throw ProblemException.invalid("messages is required");
    }
    List<JsonBody> items = body.objects("messages");
    List<NewMessage> messages = new ArrayList<>(items.size());
    for (JsonBody item : items) {
      messages.add(
          new NewMessage(
              item.requiredString("body"),
              item.integer("delay", 0),
              perMessageTimeouts ? item.integer("timeout", 0) : 0,
              perMessageTimeouts ? item.integer("expires_in", 0) : 0,
              perMessageTimeouts ? Map.of() : item.stringMap("push_headers")));
    }
    return messages;
  }

  /**
   * The {@code ids} of a batch delete: objects with {@code id} and maybe {@code reservation_id}
   * (v3), or bare id strings (v1).
   */
  public static List<DeleteTarget> deleteTargets(JsonBody body) {
    List<JsonNode> items = body.array("ids");
    List<DeleteTarget> targets = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String name = "ids[" + i + "]";
      if (item.isObject()) {
        JsonNode reservation = item.get("reservation_id");
        if (reservation != null && !reservation.isNull() && !reservation.isTextual()) {
          throw ProblemException.invalid(name + ".reservation_id must be a string");
        }
        targets.add(
            new DeleteTarget(
                messageId(item.get("id"), name + ".id"),
                reservation == null || reservation.isNull()
                    ? Optional.empty()
                    : reservationId(reservation.textValue())));
      } else {
        targets.add(new DeleteTarget(messageId(item, name), Optional.empty()));
      }
    }
    return targets;
  }

  /** A reservation id as clients send it; Go sends {@code ""} for none. */
  public static Optional<String> reservationId(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static long messageId(JsonNode id, String name) {
    if (id == null || id.isNull()) {
      throw ProblemException.invalid(name + " is required");
    }
    if (id.isIntegralNumber() && id.canConvertToLong() && id.longValue() >= 0) {
      return id.longValue();
    }
    if (!id.isTextual()) {
      throw ProblemException.invalid(name + " must be a message id string");
    }
    return Call.parseMessageId(id.textValue())
        .orElseThrow(() -> ProblemException.invalid(name + " is not a message id"));
  }
}
