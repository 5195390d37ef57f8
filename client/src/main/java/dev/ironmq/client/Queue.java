package dev.ironmq.client;

import static dev.ironmq.client.IronMq.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One queue's operations. Thread-safe. Each call has a blocking form and an asynchronous one
 * ({@code ...Async}).
 */
public final class Queue {
  private final Transport transport;
  private final String name;
  private final String path;

  Queue(Transport transport, String name) {
    this.transport = transport;
    this.name = name;
    this.path = Transport.queuePath(name);
  }

  public String name() {
    return name;
  }

  // The queue

  /** Creates the queue, or updates it if it exists. */
  public CompletableFuture<QueueInfo> createAsync(QueueSettings settings) {
    return transport
        .call("PUT", path, Map.of("queue", settings))
        .thenApply(json -> Transport.read(json.path("queue"), QueueInfo.class));
  }

  public QueueInfo create(QueueSettings settings) {
    return await(() -> createAsync(settings));
  }

  /** Changes the settings given (non-null); the queue must exist. */
  public CompletableFuture<QueueInfo> updateAsync(QueueSettings settings) {
    return transport
        .call("PATCH", path, Map.of("queue", settings))
        .thenApply(json -> Transport.read(json.path("queue"), QueueInfo.class));
  }

  public QueueInfo update(QueueSettings settings) {
    return await(() -> updateAsync(settings));
  }

  public CompletableFuture<QueueInfo> infoAsync() {
    return transport
        .call("GET", path, null)
        .thenApply(json -> Transport.read(json.path("queue"), QueueInfo.class));
  }

  public QueueInfo info() {
    return await(() -> infoAsync());
  }

  /** Deletes the queue and every message in it. */
  public CompletableFuture<Void> deleteQueueAsync() {
    return transport.call("DELETE", path, null).thenApply(json -> null);
  }

  public void deleteQueue() {
    await(() -> deleteQueueAsync());
  }

  // Messages

  /** Posts messages in one call; yields their ids in the same order. */
  public CompletableFuture<List<String>> postAsync(List<NewMessage> messages) {
    return transport
        .call("POST", path + "/messages", Map.of("messages", messages))
        .thenApply(
            json -> {
              List<String> ids = new ArrayList<>(messages.size());
              json.path("ids").forEach(id -> ids.add(id.asText()));
              if (ids.size() != messages.size()) {
                throw new IronMqException(
                    "POST "
                        + path
                        + "/messages answered "
                        + ids.size()
                        + " ids for "
                        + messages.size()
                        + " messages",
                    null);
              }
              return ids;
            });
  }

  public List<String> post(List<NewMessage> messages) {
    return await(() -> postAsync(messages));
  }

  /** Posts one message; yields its id. */
  public CompletableFuture<String> postAsync(String body) {
    return postAsync(List.of(NewMessage.of(body))).thenApply(ids -> ids.get(0));
  }

  public String post(String body) {
    return await(() -> postAsync(body));
  }

  /**
   * Reserves up to {@code n} messages (1 to 100) for {@code timeoutSeconds} (0: the queue's
   * default), waiting up to {@code waitSeconds} (0 to 30) for the first to arrive.
   */
  public CompletableFuture<List<Message>> reserveAsync(int n, int timeoutSeconds, int waitSeconds) {
    ObjectNode request = Transport.JSON.createObjectNode().put("n", n).put("wait", waitSeconds);
    if (timeoutSeconds > 0) {
      request.put("timeout", timeoutSeconds);
    }
    return transport
        .call("POST", path + "/reservations", request, Duration.ofSeconds(waitSeconds))
        .thenApply(Queue::messages);
  }

  public List<Message> reserve(int n, int timeoutSeconds, int waitSeconds) {
    return await(() -> reserveAsync(n, timeoutSeconds, waitSeconds));
  }

  /** Reserves one message for the queue's default timeout, without waiting. */
  public Optional<Message> reserve() {
    return reserve(1, 0, 0).stream().findFirst();
  }

  /** Up to {@code n} available messages, without reserving them. */
  public CompletableFuture<List<Message>> peekAsync(int n) {
    return transport.call("GET", path + "/messages?n=" + n, null).thenApply(Queue::messages);
  }

  public List<Message> peek(int n) {
    return await(() -> peekAsync(n));
  }

  /** A message by id, with its push statuses on a push queue. */
  public CompletableFuture<Message> getAsync(String id) {
    return transport
        .call("GET", path + "/messages/" + Transport.encode(id), null)
        .thenApply(json -> Transport.read(json.path("message"), Message.class));
  }

  public Message get(String id) {
    return await(() -> getAsync(id));
  }

  /**
   * Extends a reservation by {@code timeoutSeconds} from now (0: the queue's default); yields the
   * message under its new reservation id, which the old one no longer works after.
   */
  public CompletableFuture<Message> touchAsync(Message reserved, int timeoutSeconds) {
    ObjectNode request =
        Transport.JSON.createObjectNode().put("reservation_id", reservationOf(reserved));
    if (timeoutSeconds > 0) {
      request.put("timeout", timeoutSeconds);
    }
    return transport
        .call("POST", messagePath(reserved) + "/touch", request)
        .thenApply(json -> reserved.withReservation(json.path("reservation_id").asText()));
  }

  public Message touch(Message reserved, int timeoutSeconds) {
    return await(() -> touchAsync(reserved, timeoutSeconds));
  }

  /** Gives a reserved message back, available again after {@code delaySeconds}. */
  public CompletableFuture<Void> releaseAsync(Message reserved, int delaySeconds) {
    ObjectNode request =
        Transport.JSON
            .createObjectNode()
            .put("reservation_id", reservationOf(reserved))
            .put("delay", delaySeconds);
    return transport.call("POST", messagePath(reserved) + "/release", request).thenApply(j -> null);
  }

  public void release(Message reserved, int delaySeconds) {
    await(() -> releaseAsync(reserved, delaySeconds));
  }

  /** Deletes a message; a reserved one under its reservation. */
  public CompletableFuture<Void> deleteAsync(Message message) {
    ObjectNode request = Transport.JSON.createObjectNode();
    if (message.reservationId() != null) {
      request.put("reservation_id", message.reservationId());
    }
    return transport.call("DELETE", messagePath(message), request).thenApply(j -> null);
  }

  public void delete(Message message) {
    await(() -> deleteAsync(message));
  }

  /** Deletes a message that is not reserved, by id. */
  public CompletableFuture<Void> deleteAsync(String id) {
    return transport
        .call("DELETE", path + "/messages/" + Transport.encode(id), Map.of())
        .thenApply(j -> null);
  }

  public void delete(String id) {
    await(() -> deleteAsync(id));
  }

  /** Deletes messages in one call: all of them, or none if any cannot be deleted. */
  public CompletableFuture<Void> deleteAsync(List<Message> messages) {
    ObjectNode request = Transport.JSON.createObjectNode();
    ArrayNode ids = request.putArray("ids");
    for (Message message : messages) {
      ObjectNode id = ids.addObject().put("id", message.id());
      if (message.reservationId() != null) {
        id.put("reservation_id", message.reservationId());
      }
    }
    return transport.call("DELETE", path + "/messages", request).thenApply(j -> null);
  }

  public void delete(List<Message> messages) {
    await(() -> deleteAsync(messages));
  }

  /** Deletes every message in the queue. */
  public CompletableFuture<Void> clearAsync() {
    return transport.call("DELETE", path + "/messages", Map.of()).thenApply(j -> null);
  }

  public void clear() {
    await(() -> clearAsync());
  }

  /** Posts a raw body as one message, as a third-party webhook does. */
  public CompletableFuture<String> postWebhookAsync(String body, String contentType) {
    return transport
        .callRaw("POST", path + "/webhook", body, contentType)
        .thenApply(json -> json.path("ids").path(0).asText());
  }

  public String postWebhook(String body, String contentType) {
    return await(() -> postWebhookAsync(body, contentType));
  }

  // Push queues

  public CompletableFuture<Void> addSubscribersAsync(List<Subscriber> subscribers) {
    return changeSubscribers("POST", subscribers);
  }

  public void addSubscribers(List<Subscriber> subscribers) {
    await(() -> addSubscribersAsync(subscribers));
  }

  public CompletableFuture<Void> replaceSubscribersAsync(List<Subscriber> subscribers) {
    return changeSubscribers("PUT", subscribers);
  }

  public void replaceSubscribers(List<Subscriber> subscribers) {
    await(() -> replaceSubscribersAsync(subscribers));
  }

  public CompletableFuture<Void> removeSubscribersAsync(List<String> names) {
    return changeSubscribers(
        "DELETE", names.stream().map(n -> new Subscriber(n, null, null)).toList());
  }

  public void removeSubscribers(List<String> names) {
    await(() -> removeSubscribersAsync(names));
  }

  private CompletableFuture<Void> changeSubscribers(String method, List<Subscriber> subscribers) {
    return transport
        .call(method, path + "/subscribers", Map.of("subscribers", subscribers))
        .thenApply(j -> null);
  }

  /** How a push message's delivery stands with each subscriber. */
  public CompletableFuture<List<SubscriberStatus>> pushStatusesAsync(String messageId) {
    return transport
        .call("GET", path + "/messages/" + Transport.encode(messageId) + "/subscribers", null)
        .thenApply(
            json -> {
              List<SubscriberStatus> statuses = new ArrayList<>();
              for (JsonNode status : json.path("subscribers")) {
                statuses.add(Transport.read(status, SubscriberStatus.class));
              }
              return statuses;
            });
  }

  public List<SubscriberStatus> pushStatuses(String messageId) {
    return await(() -> pushStatusesAsync(messageId));
  }

  /**
   * Acknowledges a delivery a subscriber answered with 202, using the reservation id the delivery
   * carried ({@code Iron-Reservation-Id}).
   */
  public CompletableFuture<Void> acknowledgeAsync(
      String messageId, String subscriberName, String reservationId) {
    ObjectNode request =
        Transport.JSON
            .createObjectNode()
            .put("subscriber_name", subscriberName)
            .put("reservation_id", reservationId);
    return transport
        .call("DELETE", path + "/messages/" + Transport.encode(messageId), request)
        .thenApply(j -> null);
  }

  public void acknowledge(String messageId, String subscriberName, String reservationId) {
    await(() -> acknowledgeAsync(messageId, subscriberName, reservationId));
  }

  // Alerts

  public CompletableFuture<Void> addAlertsAsync(List<Alert> alerts) {
    return transport.call("POST", path + "/alerts", Map.of("alerts", alerts)).thenApply(j -> null);
  }

  public void addAlerts(List<Alert> alerts) {
    await(() -> addAlertsAsync(alerts));
  }

  public CompletableFuture<Void> replaceAlertsAsync(List<Alert> alerts) {
    return transport.call("PUT", path + "/alerts", Map.of("alerts", alerts)).thenApply(j -> null);
  }

  public void replaceAlerts(List<Alert> alerts) {
    await(() -> replaceAlertsAsync(alerts));
  }

  /** Removes alerts by id, in one call. */
  public CompletableFuture<Void> removeAlertsAsync(List<String> alertIds) {
    List<Map<String, String>> alerts = alertIds.stream().map(id -> Map.of("id", id)).toList();
    return transport
        .call("DELETE", path + "/alerts", Map.of("alerts", alerts))
        .thenApply(j -> null);
  }

  public void removeAlerts(List<String> alertIds) {
    await(() -> removeAlertsAsync(alertIds));
  }

  public CompletableFuture<Void> removeAlertAsync(String alertId) {
    return transport
        .call("DELETE", path + "/alerts/" + Transport.encode(alertId), null)
        .thenApply(j -> null);
  }

  public void removeAlert(String alertId) {
    await(() -> removeAlertAsync(alertId));
  }

  // Helpers

  /** A producer that batches posts to this queue; see {@link BatchingProducer}. */
  public BatchingProducer producer(BatchingProducer.Options options) {
    return new BatchingProducer(this, options);
  }

  /** A worker taking this queue's messages; see {@link Worker}. */
  public Worker.Builder worker(Worker.Handler handler) {
    return new Worker.Builder(this, handler);
  }

  private String messagePath(Message message) {
    return path + "/messages/" + Transport.encode(message.id());
  }

  private static String reservationOf(Message message) {
    if (message.reservationId() == null) {
      throw new IllegalArgumentException("message " + message.id() + " was not reserved");
    }
    return message.reservationId();
  }

  private static List<Message> messages(JsonNode json) {
    List<Message> messages = new ArrayList<>();
    for (JsonNode message : json.path("messages")) {
      messages.add(Transport.read(message, Message.class));
    }
    return messages;
  }
}
