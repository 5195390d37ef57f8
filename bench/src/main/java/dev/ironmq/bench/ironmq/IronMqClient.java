package dev.ironmq.bench.ironmq;

import static dev.ironmq.bench.JsonHttpClient.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ironmq.bench.JsonHttpClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few calls of the IronMQ v3 API the benchmark makes. */
public final class IronMqClient {
  /** A reserved message: its body, and what it takes to delete it. */
  public record Reserved(String id, String reservationId, String body) {}

  private final JsonHttpClient http;
  private final String base;
  private final String authorization;

  /**
   * A client of the servers at {@code urls} (several sharing one database take requests in turn),
   * reached through {@code socket} when there is one.
   */
  public IronMqClient(
      Vertx vertx,
      List<String> urls,
      Optional<Path> socket,
      String projectId,
      String token,
      int connections) {
    this.http = new JsonHttpClient(vertx, urls, socket, connections);
    this.base = "/3/projects/" + projectId + "/queues/";
    this.authorization = "OAuth " + token;
  }

  /** The request body that posts these messages. */
  public static Buffer postBody(List<String> bodies) {
    ObjectNode json = JSON.createObjectNode();
    ArrayNode messages = json.putArray("messages");
    bodies.forEach(body -> messages.addObject().put("body", body));
    return JsonHttpClient.encode(json);
  }

  public Future<Void> createQueue(String queue) {
    return send(HttpMethod.PUT, queue, Buffer.buffer("{}")).mapEmpty();
  }

  /** Creates a multicast queue pushing to these subscriber URLs (named s0, s1, ...). */
  public Future<Void> createPushQueue(String queue, List<String> subscriberUrls) {
    ObjectNode json = JSON.createObjectNode();
    ObjectNode settings = json.putObject("queue").put("type", "multicast");
    ObjectNode push = settings.putObject("push").put("retries", 3).put("retries_delay", 60);
    ArrayNode subscribers = push.putArray("subscribers");
    for (int i = 0; i < subscriberUrls.size(); i++) {
      subscribers.addObject().put("name", "s" + i).put("url", subscriberUrls.get(i));
    }
    return send(HttpMethod.PUT, queue, JsonHttpClient.encode(json)).mapEmpty();
  }

  /** Posts one message with this body; yields its id. */
  public Future<String> postOne(String queue, String body) {
    return post(queue, postBody(List.of(body))).map(ids -> ids.get(0));
  }

  /** Posts a prepared request body; yields the ids the server gave back. */
  public Future<List<String>> post(String queue, Buffer body) {
    return send(HttpMethod.POST, queue + "/messages", body)
        .map(
            json -> {
              List<String> ids = new ArrayList<>();
              json.get("ids").forEach(id -> ids.add(id.asText()));
              return ids;
            });
  }

  public Future<List<Reserved>> reserve(
      String queue, int count, int timeoutSeconds, int waitSeconds) {
    ObjectNode request =
        JSON.createObjectNode()
            .put("n", count)
            .put("timeout", timeoutSeconds)
            .put("wait", waitSeconds);
    return send(HttpMethod.POST, queue + "/reservations", JsonHttpClient.encode(request))
        .map(
            json -> {
              List<Reserved> reserved = new ArrayList<>();
              for (JsonNode m : json.get("messages")) {
                reserved.add(
                    new Reserved(
                        m.get("id").asText(),
                        m.get("reservation_id").asText(),
                        m.get("body").asText()));
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
      ObjectNode request = JSON.createObjectNode().put("reservation_id", m.reservationId());
      return send(HttpMethod.DELETE, queue + "/messages/" + m.id(), JsonHttpClient.encode(request))
          .mapEmpty();
    }
    ObjectNode request = JSON.createObjectNode();
    ArrayNode ids = request.putArray("ids");
    messages.forEach(
        m -> ids.addObject().put("id", m.id()).put("reservation_id", m.reservationId()));
    return send(HttpMethod.DELETE, queue + "/messages", JsonHttpClient.encode(request)).mapEmpty();
  }

  public Future<Long> size(String queue) {
    return send(HttpMethod.GET, queue, null).map(json -> json.at("/queue/size").asLong());
  }

  private Future<JsonNode> send(HttpMethod method, String path, Buffer body) {
    return http.send(
        new RequestOptions()
            .setMethod(method)
            .setURI(base + path)
            .putHeader("Authorization", authorization)
            .putHeader("Content-Type", "application/json"),
        body);
  }

  public Future<Void> close() {
    return http.close();
  }
}
