package dev.ironmq.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server the fuzz tier runs against, its seeded queues and messages, and an observer that reads
 * what a request may have changed with tokens the fuzzer never sends (so that a fuzzed request
 * cannot take the observer's view away).
 *
 * <p>What the observer compares is what only a request can change: the seeded queues' settings and
 * counters, each seeded message (whether it is there, its body and reserved count), the request's
 * own queue, and the projects and tokens. Sizes and push statuses also change with time (expiry,
 * retries), so they are left out.
 */
final class FuzzState implements AutoCloseable {
  private static FuzzState current;

  private final Path dataDir;
  private final IronMqServer server;
  private final RawHttp observer;
  private final RawHttp observerAdmin;
  private final Map<String, List<String>> seedMessages = new LinkedHashMap<>();

  private FuzzState() throws Exception {
    dataDir = Files.createTempDirectory("ironmq-fuzz");
    server =
        IronMqServer.start(
            ServerConfig.defaults(dataDir, 0)
                .withCredentials(
                    FuzzRequests.PROJECT, FuzzRequests.TOKEN, FuzzRequests.ADMIN_TOKEN));
    RawHttp admin =
        new RawHttp(baseUrl())
            .anonymous()
            .withHeader("Authorization", "OAuth " + FuzzRequests.ADMIN_TOKEN);
    admin.post(
        "/admin/projects", "{\"id\":\"" + FuzzRequests.OTHER_PROJECT + "\",\"name\":\"other\"}");
    String observerToken =
        admin
            .post(
                "/admin/tokens",
                "{\"projects\":[\""
                    + FuzzRequests.PROJECT
                    + "\",\""
                    + FuzzRequests.OTHER_PROJECT
                    + "\"],\"label\":\"observer\"}")
            .json()
            .get("token")
            .asText();
    String observerAdminToken =
        admin
            .post("/admin/tokens", "{\"admin\":true,\"label\":\"observer-admin\"}")
            .json()
            .get("token")
            .asText();
    observer =
        new RawHttp(baseUrl()).anonymous().withHeader("Authorization", "OAuth " + observerToken);
    observerAdmin =
        new RawHttp(baseUrl())
            .anonymous()
            .withHeader("Authorization", "OAuth " + observerAdminToken);
    seed();
  }

  static synchronized FuzzState start() throws Exception {
    if (current == null) {
      current = new FuzzState();
    }
    return current;
  }

  static synchronized void stop() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  /** The ids of the seeded messages, for the fuzzer to name. */
  static List<String> seedMessageIds() {
    return current.seedMessages.values().stream().flatMap(List::stream).toList();
  }

  int port() {
    return server.port();
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  private void seed() {
    observer.put(queuePath("pull"), "{\"queue\":{\"message_timeout\":86400}}");
    seedMessages.put("pull", post("pull", 5));
    observer.post(queuePath("pull") + "/reservations", "{\"n\":1,\"timeout\":86400}");
    observer.put(
        queuePath("push"),
        "{\"queue\":{\"type\":\"multicast\",\"push\":{\"retries\":1,\"retries_delay\":86400,"
            + "\"subscribers\":[{\"name\":\"down\",\"url\":\"http://127.0.0.1:9/\"}]}}}");
    seedMessages.put("push", post("push", 2));
    observer.put(
        queuePath("dead"),
        "{\"queue\":{\"dead_letter\":{\"queue_name\":\"dead-letters\",\"max_reservations\":2}}}");
    seedMessages.put("dead", post("dead", 2));
    observer.put(
        queuePath("watched"),
        "{\"queue\":{\"alerts\":[{\"type\":\"fixed\",\"direction\":\"asc\",\"trigger\":3,"
            + "\"queue\":\"alarms\"}]}}");
  }

  private List<String> post(String queue, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          observer
              .post(
                  queuePath(queue) + "/messages",
                  "{\"messages\":[{\"body\":\"seed " + queue + " " + i + "\"}]}")
              .json()
              .at("/ids/0")
              .asText());
    }
    return ids;
  }

  /**
   * What only requests can change, as seen by the observer, with the state of the queue the request
   * names (when it names one of the two projects' queues).
   */
  String snapshot(WireRequest request) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> queue : seedMessages.entrySet()) {
      out.append(queue.getKey())
          .append(": ")
          .append(queueState(FuzzRequests.PROJECT, queue.getKey()));
      for (String id : queue.getValue()) {
        RawHttp.Reply message = observer.get(queuePath(queue.getKey()) + "/messages/" + id);
        out.append("\n  ").append(id).append(' ').append(message.status());
        if (message.status() == 200) {
          JsonNode m = message.json().path("message");
          out.append(' ').append(m.path("body").asText()).append(' ');
          out.append(m.path("reserved_count").asInt());
        }
      }
      out.append('\n');
    }
    requestQueue(request)
        .ifPresent(
            target ->
                out.append("request's queue ")
                    .append(target.getValue())
                    .append(": ")
                    .append(queueState(target.getKey(), target.getValue()))
                    .append('\n'));
    out.append("projects: ").append(observerAdmin.get("/admin/projects").body()).append('\n');
    out.append("tokens: ").append(observerAdmin.get("/admin/tokens").body()).append('\n');
    return out.toString();
  }

  /** A queue's settings and total (not its size, which time changes), or its absence. */
  private String queueState(String project, String name) {
    RawHttp.Reply info =
        observer.get(
            "/3/projects/"
                + project
                + "/queues/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    if (info.status() != 200) {
      return String.valueOf(info.status());
    }
    ObjectNode queue = (ObjectNode) info.json().path("queue");
    queue.remove("size");
    return queue.toString();
  }

  /** The project and queue a request's path names, when it names one of ours. */
  private static Optional<Map.Entry<String, String>> requestQueue(WireRequest request) {
    String path = request.target().split("\\?", 2)[0];
    String[] parts = path.split("/", -1);
    if (parts.length < 6 || !parts[2].equals("projects") || !parts[4].equals("queues")) {
      return Optional.empty();
    }
    String project = parts[3];
    if (!project.equals(FuzzRequests.PROJECT) && !project.equals(FuzzRequests.OTHER_PROJECT)) {
      return Optional.empty();
    }
    return decode(parts[5]).filter(name -> !name.isEmpty()).map(name -> Map.entry(project, name));
  }

  private static Optional<String> decode(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          return Optional.empty();
        }
        int high = Character.digit(segment.charAt(i + 1), 16);
        int low = Character.digit(segment.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c <= 0xFF) {
        bytes.write(c);
      } else {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String queuePath(String queue) {
    return "/3/projects/" + FuzzRequests.PROJECT + "/queues/" + queue;
  }

  @Override
  public void close() {
    server.close();
    TestServer.deleteRecursively(dataDir);
  }
}
