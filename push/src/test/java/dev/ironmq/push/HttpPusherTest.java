package dev.ironmq.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.Subscriber;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transport against a real HTTP subscriber on this machine. */
class HttpPusherTest {
  private static final QueueRef QUEUE = new QueueRef("5a0c1b2d3e4f5a6b7c8d9e0f", "orders");
  private static Vertx vertx;
  private static HttpServer subscriber;
  private static final List<Received> received = new CopyOnWriteArrayList<>();
  private static final AtomicInteger inFlight = new AtomicInteger();
  private static final AtomicInteger mostInFlight = new AtomicInteger();

  record Received(String path, MultiMap headers, String body) {}

  @BeforeAll
  static void startSubscriber() throws Exception {
    vertx = Vertx.vertx();
    subscriber =
        vertx
            .createHttpServer()
            .requestHandler(HttpPusherTest::answer)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void answer(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              received.add(new Received(request.path(), request.headers(), body.toString()));
              switch (request.path()) {
                case "/ok" -> request.response().setStatusCode(200).end("fine");
                case "/accepted" -> request.response().setStatusCode(202).end();
                case "/unavailable" -> request.response().setStatusCode(503).end("down for a bit");
                case "/redirect" ->
                    request.response().setStatusCode(302).putHeader("Location", "/ok").end();
                case "/silent" -> {}
                case "/slow" -> {
                  mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                  vertx.setTimer(
                      200,
                      id -> {
                        inFlight.decrementAndGet();
                        request.response().setStatusCode(200).end();
                      });
                }
                default -> request.response().setStatusCode(404).end();
              }
            });
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + subscriber.actualPort() + path;
  }

  private static HttpPusher pusher(boolean allowPrivate, int concurrency) {
    return pusher(allowPrivate, concurrency, Duration.ofMillis(500));
  }

  private static HttpPusher pusher(
      boolean allowPrivate, int concurrency, Duration responseTimeout) {
    return new HttpPusher(
        vertx,
        new PushSettings(
            Duration.ofSeconds(2),
            responseTimeout,
            concurrency,
            allowPrivate,
            "http://queue.example:8080"));
  }

  private static PushOutcome deliver(HttpPusher pusher, String url) throws Exception {
    return deliver(pusher, new Subscriber("billing", url, Map.of()), Map.of());
  }

  private static PushOutcome deliver(
      HttpPusher pusher, Subscriber subscriber, Map<String, String> pushHeaders) throws Exception {
    CompletableFuture<PushOutcome> outcome = new CompletableFuture<>();
    pusher.deliver(
        new PushAttempt(QUEUE, 1882958606605746176L, "the body", subscriber, pushHeaders, "r123"),
        outcome::complete);
    return outcome.get(10, TimeUnit.SECONDS);
  }

  @Test
  void a2xxIsDeliveredAnd202IsAccepted() throws Exception {
    HttpPusher pusher = pusher(true, 4);

    assertThat(deliver(pusher, url("/ok"))).isEqualTo(new PushOutcome.Delivered(200));
    assertThat(deliver(pusher, url("/accepted"))).isEqualTo(new PushOutcome.Accepted());
  }

  @Test
  void otherStatusesRedirectsRefusalsAndTimeoutsAreFailures() throws Exception {
    HttpPusher pusher = pusher(true, 4);

    assertThat(deliver(pusher, url("/unavailable")))
        .isEqualTo(new PushOutcome.Failed(503, "Service Unavailable: down for a bit"));
    assertThat(deliver(pusher, url("/redirect")))
        .isInstanceOfSatisfying(
            PushOutcome.Failed.class, f -> assertThat(f.statusCode()).isEqualTo(302));
    assertThat(deliver(pusher, "http://127.0.0.1:1/nothing-listens"))
        .isEqualTo(new PushOutcome.Failed(0, "Connection refused"));
    long start = System.nanoTime();
    assertThat(deliver(pusher, url("/silent")))
        .isEqualTo(new PushOutcome.Failed(0, "No answer in time (connect 2 s, response 500 ms)"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void theSubscriberGetsTheBodyAndTheIronHeaders() throws Exception {
    received.clear();
    Subscriber subscriber =
        new Subscriber(
            "billing team",
            url("/ok"),
            Map.of("X-Api-Key", "k", "Content-Type", "application/json"));

    deliver(pusher(true, 4), subscriber, Map.of("X-Trace", "t1", "Iron-Message-Id", "forged"));

    Received request = received.get(0);
    assertThat(request.body()).isEqualTo("the body");
    assertThat(request.headers().get("User-Agent")).isEqualTo("IronMQ Pusherd");
    assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.headers().get("X-Api-Key")).isEqualTo("k");
    assertThat(request.headers().get("X-Trace")).isEqualTo("t1");
    assertThat(request.headers().get("Iron-Message-Id")).isEqualTo("1882958606605746176");
    assertThat(request.headers().get("Iron-Reservation-Id")).isEqualTo("r123");
    assertThat(request.headers().get("Iron-Subscriber-Name")).isEqualTo("billing team");
    assertThat(request.headers().get("Iron-Subscriber-Message-Url"))
        .isEqualTo(
            "http://queue.example:8080/3/projects/5a0c1b2d3e4f5a6b7c8d9e0f/queues/orders"
                + "/messages/1882958606605746176/subscribers/billing%20team?reservation_id=r123");
  }

  @Test
  void theDefaultContentTypeIsPlainText() throws Exception {
    received.clear();

    deliver(pusher(true, 4), url("/ok"));

    assertThat(received.get(0).headers().get("Content-Type"))
        .isEqualTo("text/plain; encoding=utf-8");
  }

  @Test
  void aSubscriberNeverHasMoreRequestsInFlightThanItsCap() throws Exception {
    // The slow subscriber answers in 200 ms; a generous response timeout keeps a stall of this
    // shared machine from turning a held request into a failure, which is not what this checks.
    HttpPusher pusher = pusher(true, 3, Duration.ofSeconds(10));
    mostInFlight.set(0);
    List<CompletableFuture<PushOutcome>> outcomes = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      CompletableFuture<PushOutcome> outcome = new CompletableFuture<>();
      pusher.deliver(
          new PushAttempt(
              QUEUE, i, "b", new Subscriber("slow", url("/slow"), Map.of()), Map.of(), "r" + i),
          outcome::complete);
      outcomes.add(outcome);
    }

    CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThat(outcomes)
        .allSatisfy(o -> assertThat(o.join()).isEqualTo(new PushOutcome.Delivered(200)));
    assertThat(mostInFlight.get()).isEqualTo(3);
    await().until(() -> pusher.waiting() == 0);
  }

  @Test
  void aSilentSubscriberDoesNotHoldUpAnotherOnTheSameHost() throws Exception {
    received.clear();
    HttpPusher pusher = pusher(true, 2, Duration.ofSeconds(10));
    Subscriber silent = new Subscriber("silent", url("/silent"), Map.of());
    List<CompletableFuture<PushOutcome>> stuck = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      CompletableFuture<PushOutcome> outcome = new CompletableFuture<>();
      pusher.deliver(new PushAttempt(QUEUE, i, "b", silent, Map.of(), "r" + i), outcome::complete);
      stuck.add(outcome);
    }
    await().until(() -> received.stream().filter(r -> r.path().equals("/silent")).count() >= 2);

    PushOutcome other = deliver(pusher, new Subscriber("other", url("/ok"), Map.of()), Map.of());

    assertThat(other).isEqualTo(new PushOutcome.Delivered(200));
    assertThat(stuck).noneMatch(CompletableFuture::isDone);
  }

  @Test
  void privateAddressesAreRefusedWhenTheServerSaysSo() throws Exception {
    HttpPusher strict = pusher(false, 4);

    assertThat(strict.refusal("http://127.0.0.1:8080/x")).isPresent();
    assertThat(strict.refusal("http://10.1.2.3/x")).isPresent();
    assertThat(strict.refusal("http://[::1]/x")).isPresent();
    assertThat(strict.refusal("http://localhost/x")).isPresent();
    assertThat(strict.refusal("http://subscriber.example/x")).isEmpty();
    assertThat(pusher(true, 4).refusal("http://127.0.0.1:8080/x")).isEmpty();

    received.clear();
    String viaName = "http://localhost.localdomain.invalid:" + subscriber.actualPort() + "/ok";
    assertThat(deliver(strict, viaName)).isInstanceOf(PushOutcome.Failed.class);
    assertThat(deliver(strict, url("/ok")))
        .as("an address literal that was accepted earlier is refused at delivery")
        .isInstanceOfSatisfying(
            PushOutcome.Failed.class, f -> assertThat(f.message()).contains("private addresses"));
    assertThat(received).isEmpty();
  }
}
