package dev.ironmq.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands on one message of a queue ({@code ironmq delete}, {@code touch}, {@code release},
 * {@code push-status}), built like the {@link QueueCommands}: one call each, text or {@code
 * --json}.
 */
final class MessageCommands {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private MessageCommands() {}

  /** A command on one message. */
  abstract static class MessageCall extends QueueCommands.OneQueue {
    @Parameters(index = "1", paramLabel = "MESSAGE_ID")
    String messageId;

    String messagePath(String... rest) {
      String[] parts = new String[rest.length + 3];
      parts[0] = queue;
      parts[1] = "messages";
      parts[2] = URLEncoder.encode(messageId, StandardCharsets.UTF_8);
      System.arraycopy(rest, 0, parts, 3, rest.length);
      return access.queuesPath(parts);
    }
  }

  /** A command on one message, with its reservation id when it is reserved. */
  abstract static class ReservedMessageCall extends MessageCall {
    @Option(names = "--reservation", description = "The reservation id, for a reserved message.")
    String reservation;

    ObjectNode withReservation() {
      ObjectNode body = JSON.objectNode();
      if (reservation != null) {
        body.put("reservation_id", reservation);
      }
      return body;
    }
  }

  @Command(name = "delete", description = "Deletes a message.")
  static final class Delete extends ReservedMessageCall {
    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      return List.of(
          client.send(
              "DELETE", messagePath(), withReservation().toString(), Duration.ofSeconds(30)));
    }
  }

  @Command(
      name = "touch",
      description = "Extends a reservation; prints the new reservation id, which replaces the old.")
  static final class Touch extends ReservedMessageCall {
    @Option(names = "--timeout", description = "Seconds from now (queue's default).")
    Integer timeout;

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      ObjectNode body = withReservation();
      if (timeout != null) {
        body.put("timeout", timeout);
      }
      return List.of(client.post(messagePath("touch"), body.toString()));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println(answer.path("reservation_id").asText());
    }
  }

  @Command(name = "release", description = "Ends a reservation: the message shows again.")
  static final class Release extends ReservedMessageCall {
    @Option(names = "--delay", defaultValue = "0", description = "Seconds before it shows.")
    int delay;

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      return List.of(
          client.post(messagePath("release"), withReservation().put("delay", delay).toString()));
    }
  }

  @Command(
      name = "push-status",
      description = "Shows a push message's delivery to each subscriber: name, status, HTTP code.")
  static final class PushStatus extends MessageCall {
    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      return List.of(client.get(messagePath("subscribers")));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      QueueCommands.printRows(answer.path("subscribers"), out, "name", "status", "status_code");
    }
  }
}
