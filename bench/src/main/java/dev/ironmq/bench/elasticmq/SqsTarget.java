package dev.ironmq.bench.elasticmq;

import static dev.ironmq.bench.JsonHttpClient.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ironmq.bench.JsonHttpClient;
import dev.ironmq.bench.PreparedRequests;
import dev.ironmq.bench.QueueTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A server speaking the SQS API in its JSON protocol (AWS JSON 1.0), as ElasticMQ does. */
public final class SqsTarget implements QueueTarget {
  /** SQS caps a long poll at 20 seconds. */
  private static final int MAX_WAIT_SECONDS = 20;

  private static final int VISIBILITY_SECONDS = 60;

  private final JsonHttpClient http;
  private final String queueUrlPrefix;
  private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
  private final PreparedRequests<Buffer> batches;

  /**
   * @param url where the server listens
   * @param queueUrlPrefix what the server puts before a queue's name in its URL
   */
  public SqsTarget(Vertx vertx, String url, String queueUrlPrefix, int connections) {
    this.http = new JsonHttpClient(vertx, url, connections);
    this.batches = new PreparedRequests<>(this::sendBatch);
    this.queueUrlPrefix = queueUrlPrefix;
  }

  @Override
  public Future<Void> createQueue(String queue) {
    ObjectNode request = JSON.createObjectNode().put("QueueName", queue);
    request.putObject("Attributes").put("VisibilityTimeout", Integer.toString(VISIBILITY_SECONDS));
    return call("CreateQueue", request)
        .onSuccess(answer -> queueUrls.put(queue, answer.get("QueueUrl").asText()))
        .mapEmpty();
  }

  @Override
  public Future<Integer> post(String queue, List<String> bodies) {
    if (bodies.size() == 1) {
      ObjectNode request =
          JSON.createObjectNode().put("QueueUrl", url(queue)).put("MessageBody", bodies.get(0));
      return call("SendMessage", request).map(1);
    }
    return call("SendMessageBatch", batches.of(queue, bodies))
        .compose(
            answer ->
                answer.path("Failed").isEmpty()
                    ? Future.succeededFuture(answer.get("Successful").size())
                    : Future.failedFuture("messages were refused: " + answer.get("Failed")));
  }

  private Buffer sendBatch(String queue, List<String> bodies) {
    ObjectNode request = JSON.createObjectNode().put("QueueUrl", url(queue));
    ArrayNode entries = request.putArray("Entries");
    for (int i = 0; i < bodies.size(); i++) {
      entries.addObject().put("Id", Integer.toString(i)).put("MessageBody", bodies.get(i));
    }
    return JsonHttpClient.encode(request);
  }

  @Override
  public Future<List<Received>> reserve(String queue, int max, int waitSeconds) {
    ObjectNode request =
        JSON.createObjectNode()
            .put("QueueUrl", url(queue))
            .put("MaxNumberOfMessages", max)
            .put("WaitTimeSeconds", Math.min(waitSeconds, MAX_WAIT_SECONDS))
            .put("VisibilityTimeout", VISIBILITY_SECONDS);
    return call("ReceiveMessage", request)
        .map(
            answer -> {
              List<Received> received = new ArrayList<>();
              for (JsonNode m : answer.path("Messages")) {
                received.add(new Received(m.get("Body").asText(), m.get("ReceiptHandle").asText()));
              }
              return received;
            });
  }

  @Override
  public Future<Void> delete(String queue, List<Received> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    if (messages.size() == 1) {
      ObjectNode request =
          JSON.createObjectNode()
              .put("QueueUrl", url(queue))
              .put("ReceiptHandle", (String) messages.get(0).handle());
      return call("DeleteMessage", request).mapEmpty();
    }
    ObjectNode request = JSON.createObjectNode().put("QueueUrl", url(queue));
    ArrayNode entries = request.putArray("Entries");
    for (int i = 0; i < messages.size(); i++) {
      entries
          .addObject()
          .put("Id", Integer.toString(i))
          .put("ReceiptHandle", (String) messages.get(i).handle());
    }
    return call("DeleteMessageBatch", request)
        .compose(
            answer ->
                answer.path("Failed").isEmpty()
                    ? Future.succeededFuture()
                    : Future.failedFuture("deletes were refused: " + answer.get("Failed")));
  }

  @Override
  public Future<Long> size(String queue) {
    ObjectNode request = JSON.createObjectNode().put("QueueUrl", url(queue));
    request
        .putArray("AttributeNames")
        .add("ApproximateNumberOfMessages")
        .add("ApproximateNumberOfMessagesNotVisible")
        .add("ApproximateNumberOfMessagesDelayed");
    return call("GetQueueAttributes", request)
        .map(
            answer -> {
              long size = 0;
              for (JsonNode count : answer.path("Attributes")) {
                size += Long.parseLong(count.asText());
              }
              return size;
            });
  }

  private String url(String queue) {
    return queueUrls.computeIfAbsent(queue, name -> queueUrlPrefix + name);
  }

  private Future<JsonNode> call(String action, ObjectNode request) {
    return call(action, JsonHttpClient.encode(request));
  }

  private Future<JsonNode> call(String action, Buffer request) {
    return http.send(
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setURI("/")
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "AmazonSQS." + action),
        request);
  }

  @Override
  public void close() {
    http.close();
  }
}
