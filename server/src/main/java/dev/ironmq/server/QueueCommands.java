package dev.ironmq.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The queue commands ({@code ironmq queues}, {@code post}, {@code reserve}...): one call to a
 * running server each, as ironcli's {@code iron mq} had. Text for people by default, the server's
 * JSON with {@code --json}; a refusal is one line with the status and the server's {@code msg}, and
 * exit status 1.
 */
final class QueueCommands {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private QueueCommands() {}

  /** A command made of calls to the API; prints the last answer, or the first refusal. */
  abstract static class QueueCall implements Callable<Integer> {
    @Mixin QueueAccess access;
    @Spec CommandSpec spec;

    /** The calls of the command, in order; a refusal ends it. */
    abstract List<ApiClient.Answer> calls(ApiClient client);

    /** Text for people, from each answer's JSON. */
    abstract void print(JsonNode answer, PrintWriter out);

    @Override
    public Integer call() {
      ApiClient client = access.client();
      PrintWriter out = spec.commandLine().getOut();
      for (ApiClient.Answer answer : calls(client)) {
        if (!answer.ok()) {
          spec.commandLine()
              .getErr()
              .println(spec.qualifiedName() + ": " + answer.status() + " " + answer.msg());
          return 1;
        }
        if (access.json) {
          out.println(answer.body());
        } else {
          print(answer.json(), out);
        }
      }
      out.flush();
      return 0;
    }
  }

  /** Prints a line per element of {@code rows}: the named fields, separated by tabs. */
  static void printRows(JsonNode rows, PrintWriter out, String... fields) {
    for (JsonNode row : rows) {
      StringJoiner line = new StringJoiner("\t");
      for (String field : fields) {
        line.add(row.path(field).asText());
      }
      out.println(line);
    }
  }

  /** {@code ?name=value&...} of the parameters that have a value, encoded. */
  static String queryString(Map<String, String> parameters) {
    StringJoiner query = new StringJoiner("&", "?", "");
    parameters.forEach(
        (name, value) -> {
          if (value != null) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        });
    return query.toString();
  }

  /** A command on one queue, named by its first parameter; prints the server's {@code msg}. */
  abstract static class OneQueue extends QueueCall {
    @Parameters(index = "0", paramLabel = "QUEUE")
    String queue;

    @Override
    void print(JsonNode answer, PrintWriter out) {
      out.println(answer.path("msg").asText());
    }
  }

  @Command(name = "queues", description = "Lists the project's queues, a page at a time.")
  static final class ListQueues extends QueueCall {
    @Option(names = "--prefix", description = "Only queues whose name starts with this.")
    String prefix;

    @Option(names = "--previous", description = "Start after this queue name (the next page).")
    String previous;

    @Option(
        names = "--per-page",
        defaultValue = "100",
        description = "Queues per page, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int perPage;

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("per_page", Integer.toString(perPage));
      query.put("prefix", prefix);
      query.put("previous", previous);
      return List.of(client.get(access.queuesPath() + queryString(query)));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      answer.path("queues").forEach(queue -> out.println(queue.path("name").asText()));
    }
  }

  @Command(name = "info", description = "Shows a queue: type, size, total, settings.")
  static final class Info extends OneQueue {
    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      return List.of(client.get(access.queuesPath(queue)));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      for (Map.Entry<String, JsonNode> field : answer.path("queue").properties()) {
        JsonNode value = field.getValue();
        out.println(field.getKey() + ": " + (value.isValueNode() ? value.asText() : value));
      }
    }
  }

  @Command(
      name = "post",
      description = {
        "Posts messages: each BODY given, or else each line of standard input.",
        "Prints the new messages' ids, one a line. Lines go 100 to a call."
      })
  static final class Post extends OneQueue {
    private static final int PER_CALL = 100;

    @Parameters(index = "1..*", paramLabel = "BODY", description = "Message bodies.")
    List<String> bodies = new ArrayList<>();

    @Option(names = "--delay", defaultValue = "0", description = "Seconds before they show.")
    int delay;

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      List<String> all = bodies.isEmpty() ? standardInputLines() : bodies;
      List<ApiClient.Answer> answers = new ArrayList<>();
      for (int from = 0; from < all.size(); from += PER_CALL) {
        ArrayNode messages = JSON.arrayNode();
        for (String body : all.subList(from, Math.min(all.size(), from + PER_CALL))) {
          ObjectNode message = messages.addObject().put("body", body);
          if (delay > 0) {
            message.put("delay", delay);
          }
        }
        ApiClient.Answer answer =
            client.post(
                access.queuesPath(queue, "messages"),
                JSON.objectNode().set("messages", messages).toString());
        answers.add(answer);
        if (!answer.ok()) {
          break;
        }
      }
      return answers;
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      answer.path("ids").forEach(id -> out.println(id.asText()));
    }

    private static List<String> standardInputLines() {
      try {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            .lines()
            .toList();
      } catch (UncheckedIOException e) {
        throw new IllegalStateException("Cannot read standard input: " + e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "reserve",
      description = {
        "Reserves messages. Prints each as: id, reservation id, body (tab-separated);",
        "delete, touch or release it with the two ids."
      })
  static final class Reserve extends OneQueue {
    @Option(
        names = "-n",
        defaultValue = "1",
        description = "At most this many, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--timeout", description = "Seconds they stay reserved (queue's default).")
    Integer timeout;

    @Option(
        names = "--wait",
        defaultValue = "0",
        description = "Seconds to wait for a message when there is none, up to 30.")
    int wait;

    @Option(names = "--delete", description = "Delete them as they are reserved.")
    boolean delete;

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      ObjectNode request = JSON.objectNode().put("n", count).put("wait", wait);
      if (timeout != null) {
        request.put("timeout", timeout);
      }
      if (delete) {
        request.put("delete", true);
      }
      return List.of(
          client.send(
              "POST",
              access.queuesPath(queue, "reservations"),
              request.toString(),
              Duration.ofSeconds(wait + 30L)));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      printRows(answer.path("messages"), out, "id", "reservation_id", "body");
    }
  }

  @Command(
      name = "peek",
      description = "Shows the next messages without reserving them: id, body (tab-separated).")
  static final class Peek extends OneQueue {
    @Option(
        names = "-n",
        defaultValue = "1",
        description = "At most this many, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      return List.of(client.get(access.queuesPath(queue, "messages") + "?n=" + count));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      printRows(answer.path("messages"), out, "id", "body");
    }
  }

  @Command(
      name = "browse",
      description = {
        "Lists a queue's messages in every state, taking none: id, state, reserved count, body.",
        "When there are more, prints the option for the next page on standard error."
      })
  static final class Browse extends OneQueue {
    @Option(
        names = "--state",
        description = "Only these, comma-separated: available, delayed, reserved, delivering.")
    String state;

    @Option(names = "--prefix", description = "Only messages whose body starts with this.")
    String prefix;

    @Option(
        names = "-n",
        defaultValue = "30",
        description = "At most this many, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--cursor", description = "Start after this id (the next page).")
    String cursor;

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("n", Integer.toString(count));
      query.put("state", state);
      query.put("prefix", prefix);
      query.put("cursor", cursor);
      return List.of(client.get(access.queuesPath(queue, "browse") + queryString(query)));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      printRows(answer.path("messages"), out, "id", "state", "reserved_count", "body");
      if (answer.hasNonNull("next_cursor")) {
        spec.commandLine()
            .getErr()
            .println("more: --cursor " + answer.path("next_cursor").asText());
      }
    }
  }

  @Command(
      name = "stats",
      description = {
        "Prints a queue's history: per minute (or hour), its start, size, posted, reserved,",
        "deleted, push delivered and push failed (tab-separated)."
      })
  static final class Stats extends OneQueue {
    @Option(
        names = "--step",
        defaultValue = "1m",
        description = "1m or 1h (default: ${DEFAULT-VALUE}).")
    String step;

    @Option(
        names = "--from",
        description = "Start, as 2026-12-01T08:00:00Z (default: an hour, or a week, ago).")
    String from;

    @Option(names = "--to", description = "End, excluded (default: now).")
    String to;

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("step", step);
      query.put("from", from);
      query.put("to", to);
      return List.of(client.get(access.queuesPath(queue, "stats") + queryString(query)));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      printRows(
          answer.path("stats"),
          out,
          "at",
          "size",
          "posted",
          "reserved",
          "deleted",
          "push_delivered",
          "push_failed");
    }
  }

  /** Pauses or resumes a queue; prints what is paused afterwards. */
  abstract static class PauseCall extends OneQueue {
    @Option(names = "--reserve", description = "Reserving only.")
    boolean reserve;

    @Option(names = "--push", description = "Push deliveries only.")
    boolean push;

    /** {@code pause} or {@code resume}. */
    abstract String action();

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      ObjectNode request = JSON.objectNode();
      if (reserve) {
        request.put("reserve", true);
      }
      if (push) {
        request.put("push", true);
      }
      return List.of(client.post(access.queuesPath(queue, action()), request.toString()));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      JsonNode paused = answer.path("queue").path("paused");
      StringJoiner what = new StringJoiner(", ");
      for (String part : List.of("reserve", "push")) {
        if (paused.path(part).asBoolean(false)) {
          what.add(part);
        }
      }
      out.println("paused: " + (what.length() == 0 ? "nothing" : what));
    }
  }

  @Command(
      name = "pause",
      description = {
        "Pauses reserving from a queue and its push deliveries (both by default);",
        "posts are still accepted."
      })
  static final class Pause extends PauseCall {
    @Override
    String action() {
      return "pause";
    }
  }

  @Command(name = "resume", description = "Resumes what pause paused (everything by default).")
  static final class Resume extends PauseCall {
    @Override
    String action() {
      return "resume";
    }
  }

  @Command(name = "clear", description = "Deletes every message of a queue, reserved ones too.")
  static final class Clear extends OneQueue {
    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      return List.of(
          client.send(
              "DELETE", access.queuesPath(queue, "messages"), "{}", Duration.ofSeconds(30)));
    }
  }

  @Command(
      name = "rm",
      description = {
        "Deletes a queue and its messages, after you type its name again,",
        "or at once with --yes."
      })
  static final class Remove extends OneQueue {
    @Option(names = "--yes", description = "Do not ask.")
    boolean yes;

    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      if (!yes) {
        confirm(client);
      }
      return List.of(client.delete(access.queuesPath(queue)));
    }

    private void confirm(ApiClient client) {
      java.io.Console console = System.console();
      if (console == null) {
        throw new IllegalStateException(
            "deleting queue '" + queue + "' needs --yes when there is no terminal to confirm on");
      }
      ApiClient.Answer info = client.get(access.queuesPath(queue));
      long size = info.json().path("queue").path("size").asLong();
      String typed =
          console.readLine(
              "Deleting queue '%s' and its %d messages. Type its name to go on: ", queue, size);
      if (!queue.equals(typed == null ? null : typed.trim())) {
        throw new IllegalStateException("queue '" + queue + "' not deleted");
      }
    }
  }

  @Command(name = "subscribers", description = "Lists a push queue's subscribers: name, URL.")
  static final class Subscribers extends OneQueue {
    @Override
    List<ApiClient.Answer> calls(ApiClient client) {
      return List.of(client.get(access.queuesPath(queue)));
    }

    @Override
    void print(JsonNode answer, PrintWriter out) {
      printRows(answer.path("queue").path("push").path("subscribers"), out, "name", "url");
    }
  }
}
