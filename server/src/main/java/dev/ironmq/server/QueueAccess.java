package dev.ironmq.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * How the queue commands find the server and the credentials, key by key, first found wins, in the
 * official Java client's order: options; the file {@code --iron-config} names; {@code IRON_MQ_*}
 * then {@code IRON_*} variables; {@code ./iron.json}; {@code ~/.iron.json}; and last the {@code
 * iron.json} of a server's data directory ({@code ./data}, where {@code bin/ironmq serve} writes
 * it), so that commands run beside a local server need nothing.
 */
final class QueueAccess {
  @Option(
      names = "--iron-config",
      defaultValue = "${env:IRON_MQ_CONFIG}",
      description = "An iron.json to read first (IRON_MQ_CONFIG).")
  Path ironConfig;

  @Option(names = "--project-id", description = "The project (else IRON_PROJECT_ID, iron.json).")
  String projectId;

  @Option(names = "--token", description = "The token (else IRON_TOKEN, iron.json).")
  String token;

  @Option(
      names = "--url",
      description =
          "The server, http://host:port (else IRON_SCHEME, IRON_HOST, IRON_PORT, iron.json).")
  String url;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:IRONMQ_DATA_DIR:-./data}",
      description = "A local server's data directory, whose iron.json is read last.")
  Path dataDir;

  @Option(names = "--json", description = "Print the server's JSON answer instead of text.")
  boolean json;

  private final Map<String, String> environment = System.getenv();

  /** The iron.json files read so far: each is read once, whichever keys are looked up in it. */
  private final Map<Path, Optional<ObjectNode>> files = new HashMap<>();

  ApiClient client() {
    return new ApiClient(baseUrl(), required("token", token));
  }

  /** {@code /3/projects/{project}/queues}, then the escaped queue name when one is given. */
  String queuesPath(String... queueAndRest) {
    StringBuilder path =
        new StringBuilder("/3/projects/")
            .append(escape(required("project_id", projectId)))
            .append("/queues");
    for (int i = 0; i < queueAndRest.length; i++) {
      path.append('/').append(i == 0 ? escape(queueAndRest[i]) : queueAndRest[i]);
    }
    return path.toString();
  }

  private String baseUrl() {
    if (url != null && !url.isBlank()) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
    return first("scheme", null).orElse("http")
        + "://"
        + first("host", null).orElse("127.0.0.1")
        + ":"
        + first("port", null).orElse("8080");
  }

  private String required(String key, String given) {
    return first(key, given)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No "
                        + key
                        + ": pass --"
                        + key.replace('_', '-')
                        + ", set IRON_"
                        + key.toUpperCase(java.util.Locale.ROOT)
                        + ", or run where iron.json or data/iron.json holds it"));
  }

  private Optional<String> first(String key, String given) {
    if (given != null && !given.isBlank()) {
      return Optional.of(given.trim());
    }
    String variable = key.toUpperCase(java.util.Locale.ROOT);
    List<Function<String, Optional<String>>> sources = new ArrayList<>();
    if (ironConfig != null) {
      sources.add(k -> fromFile(ironConfig, k));
    }
    sources.add(k -> fromEnvironment("IRON_MQ_" + variable));
    sources.add(k -> fromEnvironment("IRON_" + variable));
    sources.add(k -> fromFile(Path.of("iron.json"), k));
    sources.add(k -> fromFile(Path.of(System.getProperty("user.home"), ".iron.json"), k));
    sources.add(k -> fromFile(dataDir.resolve("iron.json"), k));
    for (Function<String, Optional<String>> source : sources) {
      Optional<String> found = source.apply(key);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<String> fromEnvironment(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private Optional<String> fromFile(Path file, String key) {
    Optional<ObjectNode> node = files.computeIfAbsent(file, IronJson::read);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    for (JsonNode scope : List.of(node.get().path("iron_mq"), node.get())) {
      JsonNode value = scope.path(key);
      if (value.isValueNode() && !value.asText().isBlank()) {
        return Optional.of(value.asText());
      }
    }
    return Optional.empty();
  }

  private static String escape(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
