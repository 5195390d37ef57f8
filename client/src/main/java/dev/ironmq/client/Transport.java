package dev.ironmq.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * HTTP and JSON for the client: builds each call's URL and body, sends it over {@link Http1Client},
 * and turns every answer that is not a 2xx into an {@link IronMqException}, in this one place.
 */
final class Transport {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final String USER_AGENT = "ironmq-java-client";

  /**
   * Whether this thread waits for the call it is about to make: a blocking call then runs on it,
   * with no hand-off to another thread and back. Set only by {@link IronMq#await}.
   */
  private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> false);

  private final Http1Client http;
  private final IronMqConfig config;
  private final String projectPath;
  private final Duration timeout;
  private final List<Map.Entry<String, String>> commonHeaders;
  private final List<Map.Entry<String, String>> jsonHeaders;

  Transport(IronMqConfig config, Duration timeout) {
    this.config = config;
    this.timeout = timeout;
    this.http = new Http1Client(config.baseUri(), config.socket(), Duration.ofSeconds(10));
    this.projectPath = "/3/projects/" + encode(config.projectId());
    this.commonHeaders =
        List.of(
            Map.entry("Authorization", "OAuth " + config.token()),
            Map.entry("User-Agent", USER_AGENT),
            Map.entry("Accept", "application/json"));
    this.jsonHeaders = withContentType("application/json");
  }

  IronMqConfig config() {
    return config;
  }

  /** Runs a call that starts one or more requests, each on this thread, and returns its future. */
  static <T> CompletableFuture<T> inline(Supplier<CompletableFuture<T>> call) {
    boolean outer = INLINE.get();
    INLINE.set(true);
    try {
      return call.get();
    } finally {
      INLINE.set(outer);
    }
  }

  /**
   * Sends a call under the project with a JSON body (or none, when null) and parses the answer's
   * JSON. {@code extraWait} is added to the timeout (a long poll waits that long on the server).
   */
  CompletableFuture<JsonNode> call(String method, String path, Object body, Duration extraWait) {
    return body == null
        ? send(method, path, null, commonHeaders, extraWait)
        : send(method, path, bytes(body), jsonHeaders, extraWait);
  }

  /** Sends a call with a body of any type, as a webhook sender does. */
  CompletableFuture<JsonNode> callRaw(String method, String path, String body, String contentType) {
    return send(
        method,
        path,
        body.getBytes(StandardCharsets.UTF_8),
        withContentType(contentType),
        Duration.ZERO);
  }

  /** The headers every call carries, and this {@code Content-Type}. */
  private List<Map.Entry<String, String>> withContentType(String contentType) {
    List<Map.Entry<String, String>> all = new ArrayList<>(commonHeaders);
    all.add(Map.entry("Content-Type", contentType));
    return List.copyOf(all);
  }

  private CompletableFuture<JsonNode> send(
      String method,
      String path,
      byte[] body,
      List<Map.Entry<String, String>> headers,
      Duration extraWait) {
    String described = method + " " + path;
    String target = projectPath + path;
    Duration limit = timeout.plus(extraWait);
    if (INLINE.get()) {
      try {
        return CompletableFuture.completedFuture(
            answer(http.send(method, target, headers, body, limit), described));
      } catch (IOException e) {
        return CompletableFuture.failedFuture(noAnswer(described, e));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return http.sendAsync(method, target, headers, body, limit)
        .handle(
            (answer, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                throw noAnswer(described, cause);
              }
              return answer(answer, described);
            });
  }

  private IronMqException.ConnectionException noAnswer(String described, Throwable cause) {
    return new IronMqException.ConnectionException(
        described + " got no answer from " + config.baseUri() + ": " + cause, cause);
  }

  /** The answer's JSON, or the refusal it carries as an exception. */
  private static JsonNode answer(Http1Connection.Answer answer, String described) {
    JsonNode json = parse(answer.body());
    if (answer.status() / 100 != 2) {
      throw IronMqException.of(answer.status(), json.path("msg").asText(""), described);
    }
    return json;
  }

  /** Closes the pooled connections. */
  void close() {
    http.close();
  }

  CompletableFuture<JsonNode> call(String method, String path, Object body) {
    return call(method, path, body, Duration.ZERO);
  }

  /** A queue's path, its name escaped. */
  static String queuePath(String queue) {
    return "/queues/" + encode(queue);
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static <T> T read(JsonNode json, Class<T> type) {
    try {
      return JSON.treeToValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IronMqException("cannot read the server's answer: " + e.getOriginalMessage(), e);
    }
  }

  private static byte[] bytes(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("msg", new String(body, StandardCharsets.UTF_8));
    }
  }
}
