package dev.ironmq.bench.ironmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The few calls of the IronMQ v3 API the benchmark makes, on a non-blocking client with one
 * keep-alive connection per concurrent caller.
 */
public final class IronMqClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A reserved message: enough to delete it. */
  public record Reserved(String id, String reservationId) {}

  private final HttpClient http;
  private final Context context;
  private final String base;
  private final String authorization;

  public IronMqClient(Vertx vertx, String url, String projectId, String token, int connections) {
    URI uri = URI.create(url);
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort())
                .setKeepAlive(true)
                .setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    this.context = vertx.getOrCreateContext();
    this.base = "/3/projects/" + projectId + "/queues/";
    this.authorization = "OAuth " + token;
  }

  /** The body of a post of {@code count} messages of {@code bodyBytes} bytes each. */
  public static Buffer postBody(int count, int bodyBytes) {
    String body = "x".repeat(bodyBytes);
    StringBuilder json = new StringBuilder("{\"messages\":[");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("{\"body\":\"").append(body).append("\"}");
    }
    return Buffer.buffer(json.append("]}").toString());
  }

  public Future<Void> createQueue(String queue) {
    return send(HttpMethod.PUT, queue, Buffer.buffer("{}")).mapEmpty();
  }

  /** Creates a multicast queue pushing to these subscriber URLs (named s0, s1, ...). */
  public Future<Void> createPushQueue(String queue, List<String> subscriberUrls) {
    StringBuilder subscribers = new StringBuilder();
    for (int i = 0; i < subscriberUrls.size(); i++) {
      subscribers
          .append(i == 0 ? "" : ",")
          .append("{\"name\":\"s")
          .append(i)
          .append("\",\"url\":\"")
          .append(subscriberUrls.get(i))
          .append("\"}");
    }
    return send(
            HttpMethod.PUT,
            queue,
            Buffer.buffer(
                "{\"queue\":{\"type\":\"multicast\",\"push\":{\"subscribers\":["
                    + subscribers
                    + "],\"retries\":3,\"retries_delay\":60}}}"))
        .mapEmpty();
  }

  /** Posts one message with this body. */
  public Future<String> postOne(String queue, String body) {
    return send(
            HttpMethod.POST,
            queue + "/messages",
            Buffer.buffer("{\"messages\":[{\"body\":\"" + body + "\"}]}"))
        .map(json -> json.at("/ids/0").asText());
  }

  /** Posts a prepared body; yields the number of ids the server gave back. */
  public Future<List<String>> post(String queue, Buffer body) {
    return send(HttpMethod.POST, queue + "/messages", body).map(json -> texts(json.get("ids")));
  }

  public Future<List<Reserved>> reserve(
      String queue, int count, int timeoutSeconds, int waitSeconds) {
    Buffer body =
        Buffer.buffer(
            "{\"n\":"
                + count
                + ",\"timeout\":"
                + timeoutSeconds
                + ",\"wait\":"
                + waitSeconds
                + "}");
    return send(HttpMethod.POST, queue + "/reservations", body)
        .map(
            json -> {
              List<Reserved> reserved = new ArrayList<>();
              for (JsonNode m : json.get("messages")) {
                reserved.add(new Reserved(m.get("id").asText(), m.get("reservation_id").asText()));
              }
              return reserved;
            });
  }

  /** Deletes reserved messages, in one call however many there are. */
  public Future<Void> delete(String queue, List<Reserved> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    if (messages.size() == 1) {
      Reserved m = messages.get(0);
      return send(
              HttpMethod.DELETE,
              queue + "/messages/" + m.id(),
              Buffer.buffer("{\"reservation_id\":\"" + m.reservationId() + "\"}"))
          .mapEmpty();
    }
    StringBuilder json = new StringBuilder("{\"ids\":[");
    for (int i = 0; i < messages.size(); i++) {
      Reserved m = messages.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(m.id())
          .append("\",\"reservation_id\":\"")
          .append(m.reservationId())
          .append("\"}");
    }
    return send(HttpMethod.DELETE, queue + "/messages", Buffer.buffer(json.append("]}").toString()))
        .mapEmpty();
  }

  public Future<Long> size(String queue) {
    return send(HttpMethod.GET, queue, null).map(json -> json.at("/queue/size").asLong());
  }

  /**
   * Sends a request. Called from outside Vert.x, the exchange moves onto the client's context: a
   * response must be read on the thread that receives it.
   */
  private Future<JsonNode> send(HttpMethod method, String path, Buffer body) {
    if (Vertx.currentContext() == null) {
      Promise<JsonNode> answer = Promise.promise();
      context.runOnContext(v -> exchange(method, path, body).onComplete(answer));
      return answer.future();
    }
    return exchange(method, path, body);
  }

  private Future<JsonNode> exchange(HttpMethod method, String path, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setURI(base + path)
            .putHeader("Authorization", authorization)
            .putHeader("Content-Type", "application/json");
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        answer ->
                            response.statusCode() / 100 == 2
                                ? Future.succeededFuture(parse(answer))
                                : Future.failedFuture(
                                    method
                                        + " "
                                        + path
                                        + " answered "
                                        + response.statusCode()
                                        + ": "
                                        + answer)));
  }

  private static JsonNode parse(Buffer body) {
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>(array.size());
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  public Future<Void> close() {
    return http.close();
  }
}
