package dev.ironmq.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * HTTP and JSON for the client: builds each call's URL and body, sends it with the JDK's client,
 * and turns every answer that is not a 2xx into an {@link IronMqException}, in this one place.
 */
final class Transport {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final String USER_AGENT = "ironmq-java-client";

  private final HttpClient http;
  private final IronMqConfig config;
  private final String projectPath;
  private final Duration timeout;

  Transport(IronMqConfig config, Duration timeout) {
    this.config = config;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.projectPath = "/3/projects/" + encode(config.projectId());
  }

  IronMqConfig config() {
    return config;
  }

  /**
   * Sends a call under the project with a JSON body (or none, when null) and parses the answer's
   * JSON. {@code extraWait} is added to the timeout (a long poll waits that long on the server).
   */
  CompletableFuture<JsonNode> call(String method, String path, Object body, Duration extraWait) {
    return body == null
        ? send(method, path, null, null, extraWait)
        : send(method, path, bytes(body), "application/json", extraWait);
  }

  /** Sends a call with a body of any type, as a webhook sender does. */
  CompletableFuture<JsonNode> callRaw(String method, String path, String body, String contentType) {
    return send(method, path, body.getBytes(StandardCharsets.UTF_8), contentType, Duration.ZERO);
  }

  private CompletableFuture<JsonNode> send(
      String method, String path, byte[] body, String contentType, Duration extraWait) {
    String described = method + " " + path;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(config.baseUri() + projectPath + path))
            .timeout(timeout.plus(extraWait))
            .header("Authorization", "OAuth " + config.token())
            .header("User-Agent", USER_AGENT)
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException ? failure.getCause() : failure;
                throw new IronMqException.ConnectionException(
                    described + " got no answer from " + config.baseUri() + ": " + cause, cause);
              }
              JsonNode json = parse(response.body());
              if (response.statusCode() / 100 != 2) {
                throw IronMqException.of(
                    response.statusCode(), json.path("msg").asText(""), described);
              }
              return json;
            });
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
