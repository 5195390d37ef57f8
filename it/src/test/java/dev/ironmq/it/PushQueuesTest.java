package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v1;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.it.RawHttp.Reply;
import dev.ironmq.it.TestSubscriber.Received;
import dev.ironmq.server.PushOptions;
import io.iron.ironmq.Alert;
import io.iron.ironmq.Client;
import io.iron.ironmq.Message;
import io.iron.ironmq.Queue;
import io.iron.ironmq.QueueModel;
import io.iron.ironmq.Subscriber;
import io.iron.ironmq.SubscribersInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Push queues end to end: a real server pushing to a real HTTP subscriber. */
class PushQueuesTest {
  private static TestServer server;
  private static TestSubscriber subscriber;
  private static RawHttp http;
  private static Client client;

  @BeforeAll
  static void start() {
    // Short enough that the silent subscriber's deliveries end soon after its test, long enough
    // that a stall of this shared machine does not fail a delivery to a subscriber that answers.
    server =
        TestServer.start(
            config -> config.withPush(PushOptions.defaults().withTimeout(Duration.ofSeconds(5))));
    subscriber = new TestSubscriber();
    http = server.http();
    client = server.client();
  }

  @AfterAll
  static void stop() {
    subscriber.close();
    server.close();
  }

  @Test
  void theJavaClientCreatesPushQueuesAndSeesTheirSettings() throws Exception {
    Queue queue = client.queue(uniqueQueue("java-push"));
    ArrayList<Subscriber> subscribers =
        new ArrayList<>(List.of(new Subscriber(subscriber.url("/ok"), "ok")));

    QueueModel created = queue.create(subscribers, null, "multicast", "java-push-errors", 5, 7);

    assertThat(created.getType()).isEqualTo("multicast");
    assertThat(created.getPushInfo().getRetries()).isEqualTo(5);
    assertThat(created.getPushInfo().getRetriesDelay()).isEqualTo(7);
    assertThat(created.getPushInfo().getErrorQueue()).isEqualTo("java-push-errors");
    assertThat(created.getPushInfo().getSubscribers())
        .extracting(Subscriber::getName)
        .containsExactly("ok");

    queue.addSubscribers(new Subscriber[] {new Subscriber(subscriber.url("/accepted"), "later")});
    queue.updateSubscribers(new Subscriber[] {new Subscriber(subscriber.url("/ok?v=2"), "ok")});
    assertThat(queue.getInfoAboutQueue().getPushInfo().getSubscribers())
        .extracting(Subscriber::getUrl)
        .containsExactly(subscriber.url("/ok?v=2"), subscriber.url("/accepted"));
    queue.removeSubscribers(
        new Subscriber[] {new Subscriber(subscriber.url("/accepted"), "later")});
    queue.replaceSubscribers(new Subscriber[] {new Subscriber(subscriber.url("/ok"), "only")});
    assertThat(queue.getInfoAboutQueue().getPushInfo().getSubscribers())
        .extracting(Subscriber::getName)
        .containsExactly("only");
  }

  @Test
  void multicastDeliversTheBodyAndHeadersToEverySubscriber() throws Exception {
    String q = uniqueQueue("multicast");
    createPush(q, "multicast", 0, 3, "", sub("a", "/ok"), sub("b", "/ok?b"));
    subscriber.received.clear();

    String id =
        http.post(
                v3("/" + q + "/messages"),
                "{\"messages\":[{\"body\":\"hello\",\"push_headers\":{\"X-Trace\":\"t1\"}}]}")
            .json()
            .at("/ids/0")
            .asText();

    await().until(() -> subscriber.at("/ok").size() == 2);
    Set<String> names = new HashSet<>();
    for (Received request : subscriber.at("/ok")) {
      assertThat(request.body()).isEqualTo("hello");
      assertThat(request.headers().get("Iron-Message-Id")).isEqualTo(id);
      assertThat(request.headers().get("X-Trace")).isEqualTo("t1");
      assertThat(request.headers().get("User-Agent")).isEqualTo("IronMQ Pusherd");
      names.add(request.headers().get("Iron-Subscriber-Name"));
    }
    assertThat(names).containsExactlyInAnyOrder("a", "b");
    await()
        .until(
            () ->
                pushStatuses(q, id)
                    .findValuesAsText("status")
                    .equals(List.of("deleted", "deleted")));
    SubscribersInfo info = client.queue(q).getPushStatusForMessage(id);
    assertThat(info.getSubscribers()).extracting(s -> s.getStatus_code()).containsOnly(200);
  }

  @Test
  void aFailingSubscriberIsRetriedThenReportedToTheErrorQueue() throws Exception {
    String q = uniqueQueue("failing");
    createPush(q, "multicast", 1, 3, q + "-errors", sub("good", "/ok"), sub("bad", "/unavailable"));
    subscriber.received.clear();

    String id =
        http.post(v3("/" + q + "/messages"), "{\"messages\":[{\"body\":\"doomed\"}]}")
            .json()
            .at("/ids/0")
            .asText();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                http.get(v3("/" + q + "-errors")).status() == 200
                    && http.get(v3("/" + q + "-errors")).json().at("/queue/size").asInt() == 1);
    assertThat(subscriber.at("/unavailable")).hasSize(2);
    assertThat(subscriber.at("/ok")).hasSize(1);
    JsonNode report =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(client.queue(q + "-errors").reserve().getBody());
    assertThat(report.get("source_msg_id").asText()).isEqualTo(id);
    assertThat(report.get("body").asText()).isEqualTo("doomed");
    assertThat(report.at("/subscribers/0/name").asText()).isEqualTo("bad");
    assertThat(report.at("/subscribers/0/url").asText()).isEqualTo(subscriber.url("/unavailable"));
    assertThat(report.at("/subscribers/0/code").asInt()).isEqualTo(503);
    assertThat(report.at("/subscribers/0/msg").asText()).isNotEmpty();
    JsonNode bad = statusOf(q, id, "bad");
    assertThat(bad.get("status").asText()).isEqualTo("error");
    assertThat(bad.get("retries_remaining").asInt()).isZero();
    assertThat(bad.get("tries").asInt()).isEqualTo(2);
    assertThat(bad.has("last_try_at")).isTrue();
    Reply original = http.get(v3("/" + q + "/messages/" + id));
    assertThat(original.json().at("/message/body").asText()).isEqualTo("doomed");
    assertThat(original.json().at("/message/push_statuses")).hasSize(2);
  }

  @Test
  void a202IsAcknowledgedThroughTheUrlItCarriesWithoutAToken() throws Exception {
    String q = uniqueQueue("ack-url");
    createPush(q, "multicast", 3, 30, "", sub("worker", "/accepted"));
    subscriber.received.clear();
    String id = post(q, "long job");
    await().until(() -> subscriber.at("/accepted").size() == 1);
    await().until(() -> statusOf(q, id, "worker").get("status").asText().equals("reserved"));
    Received push = subscriber.at("/accepted").get(0);
    String ackUrl = push.headers().get("Iron-Subscriber-Message-Url");

    HttpResponse<String> wrong =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            ackUrl.replaceAll("reservation_id=\\w+", "reservation_id=forged")))
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> acked =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(ackUrl)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(ackUrl).startsWith(server.baseUrl() + "/3/projects/");
    assertThat(wrong.statusCode()).isEqualTo(404);
    assertThat(acked.statusCode()).isEqualTo(200);
    assertThat(statusOf(q, id, "worker").get("status").asText()).isEqualTo("deleted");
  }

  @Test
  void theAcknowledgementUrlTellsACallerWithoutItsReservationNothing() {
    String push = uniqueQueue("oracle-push");
    String pull = uniqueQueue("oracle-pull");
    createPush(push, "multicast", 3, 30, "", sub("worker", "/accepted"));
    String pushed = post(push, "job");
    await().until(() -> statusOf(push, pushed, "worker").get("status").asText().equals("reserved"));
    String pulled =
        http.post(v3("/" + pull + "/messages"), "{\"messages\":[{\"body\":\"x\"}]}")
            .json()
            .at("/ids/0")
            .asText();
    RawHttp anonymous = http.anonymous();
    String guess = "?reservation_id=0123456789abcdef0123456789abcdef";

    List<Reply> refusals =
        List.of(
            anonymous.delete(
                v3("/no-such-queue/messages/" + pushed + "/subscribers/worker" + guess), null),
            anonymous.delete(v3("/" + push + "/messages/1/subscribers/worker" + guess), null),
            anonymous.delete(v3("/" + push + "/messages/x/subscribers/worker" + guess), null),
            anonymous.delete(
                v3("/" + pull + "/messages/" + pulled + "/subscribers/worker" + guess), null),
            anonymous.delete(
                v3("/" + push + "/messages/" + pushed + "/subscribers/nobody" + guess), null),
            anonymous.delete(
                v3("/" + push + "/messages/" + pushed + "/subscribers/worker" + guess), null),
            anonymous.delete(v3("/" + push + "/messages/" + pushed + "/subscribers/worker"), null),
            anonymous.delete(
                "/3/projects/000000000000000000000000/queues/"
                    + push
                    + "/messages/"
                    + pushed
                    + "/subscribers/worker"
                    + guess,
                null));

    for (Reply refusal : refusals) {
      assertThat(refusal.status()).as(refusal.body()).isEqualTo(404);
      assertThat(refusal.body()).isEqualTo(refusals.get(0).body());
    }
    assertThat(statusOf(push, pushed, "worker").get("status").asText()).isEqualTo("reserved");
  }

  @Test
  void a202IsAcknowledgedByTheDocumentedDeleteAndByTheJavaClient() throws Exception {
    String q = uniqueQueue("ack-delete");
    createPush(q, "multicast", 3, 30, "", sub("one", "/accepted"), sub("two", "/accepted?2"));
    subscriber.received.clear();
    String id = post(q, "job");
    await().until(() -> subscriber.at("/accepted").size() == 2);
    await()
        .until(
            () ->
                pushStatuses(q, id)
                    .findValuesAsText("status")
                    .equals(List.of("reserved", "reserved")));
    Received toOne =
        subscriber.at("/accepted").stream()
            .filter(r -> r.headers().get("Iron-Subscriber-Name").equals("one"))
            .findFirst()
            .orElseThrow();
    Received toTwo =
        subscriber.at("/accepted").stream()
            .filter(r -> r.headers().get("Iron-Subscriber-Name").equals("two"))
            .findFirst()
            .orElseThrow();

    Reply raw =
        http.delete(
            v3("/" + q + "/messages/" + id),
            "{\"reservation_id\":\""
                + toOne.headers().get("Iron-Reservation-Id")
                + "\",\"subscriber_name\":\"one\"}");
    client
        .queue(q)
        .deletePushMessageForSubscriber(id, toTwo.headers().get("Iron-Reservation-Id"), "two");

    assertThat(raw.status()).isEqualTo(200);
    assertThat(pushStatuses(q, id).findValuesAsText("status")).containsOnly("deleted");
    assertThat(http.get(v3("/" + q)).json().at("/queue/size").asInt()).isZero();
  }

  @Test
  void a202NotAcknowledgedInTimeIsRetried() {
    String q = uniqueQueue("ack-timeout");
    createPush(q, "multicast", 1, 3, "", sub("forgetful", "/accepted"));
    subscriber.received.clear();
    String id = post(q, "job");

    await().atMost(Duration.ofSeconds(15)).until(() -> subscriber.at("/accepted").size() == 2);
    await().until(() -> statusOf(q, id, "forgetful").get("tries").asInt() == 2);
  }

  @Test
  void aSilentSubscriberDelaysOnlyItsOwnDeliveries() {
    String q = uniqueQueue("isolation");
    createPush(q, "multicast", 0, 3, "", sub("dead", "/silent"), sub("alive", "/ok?alive"));
    subscriber.received.clear();

    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      post(q, "m" + i);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.at("/ok").size() == 50);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void unicastHandsEachMessageToOneSubscriber() {
    String q = uniqueQueue("unicast");
    createPush(q, "unicast", 0, 3, "", sub("first", "/ok?first"), sub("second", "/ok?second"));
    subscriber.received.clear();

    for (int i = 0; i < 20; i++) {
      post(q, "job " + i);
    }

    await().until(() -> subscriber.at("/ok").size() == 20);
    Set<String> bodies = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Received request : subscriber.at("/ok")) {
      bodies.add(request.body());
      names.add(request.headers().get("Iron-Subscriber-Name"));
    }
    assertThat(bodies).hasSize(20);
    assertThat(names).containsExactlyInAnyOrder("first", "second");
  }

  @Test
  void theSeedFanOutDeliversEachMessageExactlyOnceToEveryQueue() {
    String suffix = uniqueQueue("");
    String all = "all_requests" + suffix;
    String ua = "ua_requests" + suffix;
    String copyA = "copy_a" + suffix;
    String copyB = "copy_b" + suffix;
    String requests = "requests" + suffix;
    createPush(
        requests,
        "multicast",
        3,
        3,
        "",
        new String[] {
          "all", server.baseUrl() + v3("/" + all + "/webhook") + "?oauth=" + TestServer.TOKEN
        },
        new String[] {
          "ua", server.baseUrl() + v3("/" + ua + "/webhook") + "?oauth=" + TestServer.TOKEN
        },
        new String[] {"copy-a", "ironmq:///" + copyA},
        new String[] {
          "copy-b", "ironmq://" + TestServer.PROJECT + ":" + TestServer.TOKEN + "@/" + copyB
        });
    Set<String> posted = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String body = "{\"HTTP_USER_AGENT\":\"agent-" + (i % 3) + "\",\"n\":" + i + "}";
      posted.add(body);
      http.post(v3("/" + requests + "/messages"), "{\"messages\":[" + jsonString(body) + "]}");
    }

    for (String target : List.of(all, ua, copyA, copyB)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> sizeOf(target) == 100);
      List<String> bodies = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        JsonNode got =
            http.post(v3("/" + target + "/reservations"), "{\"n\":100}").json().get("messages");
        got.forEach(m -> bodies.add(m.get("body").asText()));
      }
      assertThat(bodies).as(target).hasSize(100).doesNotHaveDuplicates();
      assertThat(new HashSet<>(bodies)).as(target).isEqualTo(posted);
    }
  }

  @Test
  void theWebhookTakesAnyBodyAndTurnsSubscriberHeadersIntoPushHeaders() throws Exception {
    String pushQueue = uniqueQueue("webhook-push");
    createPush(pushQueue, "multicast", 0, 3, "", sub("hook", "/ok?hook"));
    subscriber.received.clear();

    HttpResponse<String> posted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.baseUrl()
                                + v3("/" + pushQueue + "/webhook")
                                + "?oauth="
                                + TestServer.TOKEN))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Subscribers-Stripe-Event", "charge.succeeded")
                    .header("X-Subscribers-Content-Type", "ignored: reserved name")
                    .POST(HttpRequest.BodyPublishers.ofString("a=1&b=two words"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badToken =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.baseUrl() + v3("/" + pushQueue + "/webhook") + "?oauth=nope"))
                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(posted.statusCode()).isEqualTo(201);
    assertThat(badToken.statusCode()).isEqualTo(401);
    await().until(() -> subscriber.at("/ok").size() == 1);
    Received pushed = subscriber.at("/ok").get(0);
    assertThat(pushed.body()).isEqualTo("a=1&b=two words");
    assertThat(pushed.headers().get("Stripe-Event")).isEqualTo("charge.succeeded");
    assertThat(pushed.headers().get("Content-Type")).isEqualTo("text/plain; encoding=utf-8");

    String pull = uniqueQueue("webhook-v1");
    Reply v1Hook =
        http.anonymous()
            .post(v1("/" + pull + "/messages/webhook?oauth=" + TestServer.TOKEN), "raw v1");
    assertThat(v1Hook.status()).isEqualTo(200);
    assertThat(client.queue(pull).reserve().getBody()).isEqualTo("raw v1");
  }

  @Test
  void invalidPushSettingsAre400() {
    String q = uniqueQueue("bad-push");
    for (String body :
        List.of(
            "{\"queue\":{\"type\":\"multicast\"}}",
            "{\"queue\":{\"push\":{\"subscribers\":[]}}}",
            "{\"queue\":{\"push\":{\"subscribers\":[{\"url\":\"http://x.test/\"}]}}}",
            "{\"queue\":{\"push\":{\"subscribers\":[{\"name\":\"a\",\"url\":\"gopher://x\"}]}}}",
            "{\"queue\":{\"push\":{\"subscribers\":[{\"name\":\"a\",\"url\":\"http://x.test/\"}],\"retries\":101}}}",
            "{\"queue\":{\"push\":{\"subscribers\":[{\"name\":\"a\",\"url\":\"http://x.test/\"}],\"retries_delay\":1}}}",
            "{\"queue\":{\"type\":\"multicast\",\"push\":{\"subscribers\":[{\"name\":\"a\",\"url\":\"http://x.test/\"}]},"
                + "\"dead_letter\":{\"queue_name\":\"d\"}}}")) {
      Reply reply = http.put(v3("/" + q), body);
      assertThat(reply.status()).as(body).isEqualTo(400);
      assertThat(reply.msg()).isNotBlank();
    }
    http.put(v3("/" + q), "{}");
    assertThat(
            http.post(
                    v3("/" + q + "/subscribers"),
                    "{\"subscribers\":[{\"name\":\"a\",\"url\":\"http://x.test/\"}]}")
                .status())
        .as("subscribers on a pull queue")
        .isEqualTo(400);
    assertThat(http.patch(v3("/" + q), "{\"queue\":{\"type\":\"multicast\"}}").status())
        .as("the type is fixed in v3")
        .isEqualTo(400);
  }

  @Test
  void v1MakesAPullQueueAPushQueueAndAcknowledgesBySubscriber() {
    String q = uniqueQueue("v1-push");
    http.post(v1("/" + q + "/messages"), "{\"messages\":[{\"body\":\"old\"}]}");

    Reply updated =
        http.post(
            v1("/" + q),
            "{\"push_type\":\"multicast\",\"retries\":2,\"retries_delay\":30,"
                + "\"subscribers\":[{\"url\":\""
                + subscriber.url("/accepted?v1")
                + "\"}]}");
    subscriber.received.clear();
    String id =
        http.post(v1("/" + q + "/messages"), "{\"messages\":[{\"body\":\"new\"}]}")
            .json()
            .at("/ids/0")
            .asText();

    assertThat(updated.json().get("push_type").asText()).isEqualTo("multicast");
    assertThat(updated.json().at("/subscribers/0/url").asText())
        .isEqualTo(subscriber.url("/accepted?v1"));
    await().until(() -> subscriber.at("/accepted").size() == 1);
    JsonNode statuses = http.get(v1("/" + q + "/messages/" + id + "/subscribers")).json();
    String subscriberId = statuses.at("/subscribers/0/id").asText();
    await()
        .until(
            () ->
                http.get(v1("/" + q + "/messages/" + id + "/subscribers"))
                    .json()
                    .at("/subscribers/0/status")
                    .asText()
                    .equals("reserved"));
    Reply acked =
        http.delete(
            v1(
                "/"
                    + q
                    + "/messages/"
                    + id
                    + "/subscribers/"
                    + java.net.URLEncoder.encode(
                        subscriberId, java.nio.charset.StandardCharsets.UTF_8)),
            null);

    assertThat(acked.status()).isEqualTo(200);
    assertThat(
            http.get(v1("/" + q + "/messages/" + id + "/subscribers"))
                .json()
                .at("/subscribers/0/status")
                .asText())
        .isEqualTo("deleted");
    assertThat(http.get(v1("/" + q + "/messages")).json().at("/messages/0/body").asText())
        .as("messages from before the change stay pullable")
        .isEqualTo("old");
  }

  @Test
  void alertsAreSetByTheJavaClientAndFireIntoTheirQueue() throws Exception {
    Queue queue = client.queue(uniqueQueue("alerting"));
    String target = queue.getName() + "-alerts";
    queue.create();

    QueueModel updated =
        queue.updateAlerts(
            new ArrayList<>(
                List.of(new Alert(Alert.typeFixed, Alert.directionAscending, 2, target))));
    queue.push("1");
    queue.push("2");

    Alert alert = updated.getAlerts().get(0);
    assertThat(alert.getType()).isEqualTo("fixed");
    assertThat(alert.getDirection()).isEqualTo("asc");
    assertThat(alert.getTrigger()).isEqualTo(2);
    assertThat(alert.getQueue()).isEqualTo(target);
    Message fired = client.queue(target).reserve();
    assertThat(fired.getBody())
        .contains("\"queue_size\":2")
        .contains("\"source_queue\":\"" + queue.getName() + "\"");

    queue.deleteAlertFromQueueById(alert.getId());
    assertThat(queue.getInfoAboutQueue().getAlerts()).isNullOrEmpty();
  }

  @Test
  void alertEndpointsAddReplaceAndDelete() {
    String q = uniqueQueue("alert-endpoints");
    http.put(v3("/" + q), "{}");
    String alert = "{\"type\":\"progressive\",\"trigger\":10,\"queue\":\"" + q + "-a\"}";

    assertThat(http.post(v1("/" + q + "/alerts"), "{\"alerts\":[" + alert + "]}").msg())
        .isEqualTo("Alerts were added.");
    assertThat(http.post(v1("/" + q + "/alerts"), "{\"alerts\":[" + alert + "]}").msg())
        .isEqualTo("At least one new alert duplicates current queue alerts.");
    assertThat(
            http.put(v3("/" + q + "/alerts"), "{\"alerts\":[" + alert.replace("10", "20") + "]}")
                .msg())
        .isEqualTo("Alerts were replaced.");
    String id = http.get(v3("/" + q)).json().at("/queue/alerts/0/id").asText();
    assertThat(http.get(v3("/" + q)).json().at("/queue/alerts/0/trigger").asInt()).isEqualTo(20);
    assertThat(http.delete(v3("/" + q + "/alerts"), "{\"alerts\":[{\"id\":\"" + id + "\"}]}").msg())
        .isEqualTo("Alerts were deleted.");
    assertThat(http.get(v3("/" + q)).json().at("/queue").has("alerts")).isFalse();
    assertThat(
            http.post(
                    v3("/" + q + "/alerts"),
                    "{\"alerts\":[{\"type\":\"fixed\",\"trigger\":1.5,\"queue\":\"x\"}]}")
                .status())
        .isEqualTo(400);
  }

  private static void createPush(
      String queue, String type, int retries, int delay, String errorQueue, String[]... subs) {
    StringBuilder subscribers = new StringBuilder();
    for (String[] s : subs) {
      subscribers
          .append(subscribers.length() == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(s[0])
          .append("\",\"url\":\"")
          .append(s[1])
          .append("\"}");
    }
    Reply reply =
        http.put(
            v3("/" + queue),
            "{\"queue\":{\"type\":\""
                + type
                + "\",\"push\":{\"subscribers\":["
                + subscribers
                + "],\"retries\":"
                + retries
                + ",\"retries_delay\":"
                + delay
                + ",\"error_queue\":\""
                + errorQueue
                + "\"}}}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  private static String[] sub(String name, String path) {
    return new String[] {name, subscriber.url(path)};
  }

  private static String post(String queue, String body) {
    return http.post(v3("/" + queue + "/messages"), "{\"messages\":[{\"body\":\"" + body + "\"}]}")
        .json()
        .at("/ids/0")
        .asText();
  }

  private static JsonNode pushStatuses(String queue, String id) {
    return http.get(v3("/" + queue + "/messages/" + id + "/subscribers")).json().get("subscribers");
  }

  private static JsonNode statusOf(String queue, String id, String name) {
    for (JsonNode status : pushStatuses(queue, id)) {
      if (status.get("name").asText().equals(name)) {
        return status;
      }
    }
    throw new AssertionError("no status for " + name);
  }

  private static int sizeOf(String queue) {
    Reply info = http.get(v3("/" + queue));
    return info.status() == 200 ? info.json().at("/queue/size").asInt() : -1;
  }

  private static String jsonString(String body) {
    return "{\"body\":\"" + body.replace("\"", "\\\"") + "\"}";
  }
}
