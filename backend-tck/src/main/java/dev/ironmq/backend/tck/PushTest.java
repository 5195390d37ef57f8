package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static dev.ironmq.backend.tck.BackendHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PushChange;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.SubscriberChange;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.tck.FakeTransport.Pending;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

public class PushTest {
  private final BackendHarness harness = new BackendHarness(2);
  private final FakeTransport transport = harness.transport;
  private final QueueRef q = harness.queue("orders");

  @Test
  void multicastDeliversToEverySubscriberOnce() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("a"), subscriber("b"));
    long id = harness.post(q, "order 1").get(0);

    List<Pending> attempts = transport.take();
    assertThat(attempts).extracting(Pending::subscriber).containsExactlyInAnyOrder("a", "b");
    assertThat(attempts).allSatisfy(a -> assertThat(a.attempt().body()).isEqualTo("order 1"));
    assertThat(harness.size(q)).isEqualTo(1);
    attempts.forEach(a -> a.answer(200));

    assertThat(statuses(id)).extracting(PushStatus::status).containsOnly(DeliveryStatus.DELIVERED);
    assertThat(harness.size(q)).isZero();
    harness.advanceSeconds(30);
    assertThat(transport.isIdle()).isTrue();
  }

  @Test
  void aFailingSubscriberIsRetriedAloneAfterTheDelay() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("a"), subscriber("b"));
    long id = harness.post(q, "m").get(0);
    for (Pending attempt : transport.take()) {
      attempt.answer(attempt.subscriber().equals("a") ? 200 : 503);
    }

    PushStatus b = statusOf(id, "b");
    assertThat(b.status()).isEqualTo(DeliveryStatus.RETRYING);
    assertThat(b.tries()).isEqualTo(1);
    assertThat(b.statusCode()).isEqualTo(503);
    assertThat(b.retriesRemaining()).isEqualTo(3);
    harness.advanceSeconds(9);
    assertThat(transport.isIdle()).isTrue();
    harness.advanceSeconds(1);

    List<Pending> retry = transport.take();
    assertThat(retry).extracting(Pending::subscriber).containsExactly("b");
    retry.get(0).answer(200);
    assertThat(statusOf(id, "b").tries()).isEqualTo(2);
    assertThat(statusOf(id, "b").status()).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void exhaustedRetriesReportToTheErrorQueueAndKeepTheOriginal() {
    push(
        QueueType.MULTICAST,
        2,
        3,
        "orders-errors",
        subscriber("good"),
        new Subscriber("bad", "http://127.0.0.1:9/hook", Map.of()));
    long id =
        done(backend()
                .post(q, List.of(new NewMessage("order 2", 0, 0, 0, Map.of("X-Trace", "t1")))))
            .get(0);

    int badAttempts = 0;
    for (int round = 0; round < 5; round++) {
      for (Pending attempt : transport.take()) {
        if (attempt.subscriber().equals("bad")) {
          badAttempts++;
          attempt.answer(503);
        } else {
          attempt.answer(200);
        }
      }
      harness.advanceSeconds(3);
    }

    assertThat(badAttempts).as("the first attempt and two retries").isEqualTo(3);
    PushStatus bad = statusOf(id, "bad");
    assertThat(bad.status()).isEqualTo(DeliveryStatus.ERROR);
    assertThat(bad.retriesRemaining()).isZero();
    QueueRef errors = harness.queue("orders-errors");
    List<ReservedMessage> reports = harness.reserve(errors, 10, 60);
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).body())
        .isEqualTo(
            "{\"source_msg_id\":\""
                + id
                + "\",\"body\":\"order 2\",\"headers\":{\"User-Agent\":\"IronMQ Pusherd\","
                + "\"Content-Type\":\"text/plain; encoding=utf-8\",\"X-Trace\":\"t1\"},"
                + "\"subscribers\":[{\"name\":\"bad\",\"url\":\"http://127.0.0.1:9/hook\","
                + "\"code\":503,\"msg\":\"status 503\"}]}");
    assertThat(done(backend().message(q, id)).body()).isEqualTo("order 2");
    assertThat(harness.size(q)).isZero();
    harness.advanceSeconds(3600);
    assertThat(done(backend().message(q, id)).body())
        .as("a failed message stays until it expires")
        .isEqualTo("order 2");
  }

  @Test
  void deliveredMessagesStayReadableForTheRetentionOnly() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("a"));
    long id = harness.post(q, "m").get(0);
    transport.take().forEach(a -> a.answer(200));

    harness.advanceSeconds(59);
    assertThat(statuses(id))
        .extracting(PushStatus::status)
        .containsExactly(DeliveryStatus.DELIVERED);
    harness.advanceSeconds(2);

    assertThat(problemOf(backend().message(q, id))).isInstanceOf(Problem.MessageNotFound.class);
    harness.restart();
    assertThat(problemOf(backend().message(q, id))).isInstanceOf(Problem.MessageNotFound.class);
  }

  @Test
  void unicastTriesTheSubscribersInTurnUntilOneTakesIt() {
    push(QueueType.UNICAST, 1, 10, "", subscriber("a"), subscriber("b"), subscriber("c"));
    long id = harness.post(q, "job").get(0);

    Pending first = single(transport.take());
    first.answer(500);
    Pending second = single(transport.take());
    assertThat(second.subscriber()).isNotEqualTo(first.subscriber());
    second.answer(200);

    assertThat(transport.isIdle()).isTrue();
    List<PushStatus> statuses = statuses(id);
    assertThat(statuses).hasSize(1);
    assertThat(statuses.get(0).status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(statuses.get(0).subscriberName()).isEqualTo(second.subscriber());
    assertThat(statuses.get(0).tries()).isEqualTo(2);
  }

  @Test
  void unicastStartsAtADifferentSubscriberForDifferentMessages() {
    push(QueueType.UNICAST, 1, 10, "", subscriber("a"), subscriber("b"));
    for (int i = 0; i < 8; i++) {
      harness.post(q, "message " + i);
      harness.advance(java.time.Duration.ofMillis(1));
    }

    List<Pending> firstAttempts = transport.take();

    assertThat(firstAttempts).extracting(Pending::subscriber).contains("a", "b");
  }

  @Test
  void aFailedUnicastRoundIsRepeatedAfterTheDelayThenReported() {
    push(QueueType.UNICAST, 1, 5, "errors", subscriber("a"), subscriber("b"));
    long id = harness.post(q, "job").get(0);
    single(transport.take()).answer(503);
    single(transport.take()).answer(0);
    assertThat(transport.isIdle()).isTrue();
    assertThat(statuses(id).get(0).retriesRemaining()).isEqualTo(1);

    harness.advanceSeconds(5);
    single(transport.take()).answer(503);
    single(transport.take()).answer(404);

    assertThat(transport.isIdle()).isTrue();
    assertThat(statuses(id).get(0).status()).isEqualTo(DeliveryStatus.ERROR);
    assertThat(statuses(id).get(0).tries()).isEqualTo(4);
    String report = harness.reserveOne(harness.queue("errors"), 60).body();
    assertThat(report)
        .contains("\"name\":\"a\"")
        .contains("\"name\":\"b\"")
        .contains("\"code\":404");
  }

  @Test
  void a202HoldsTheDeliveryUntilItIsAcknowledged() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("slow"));
    long id = harness.post(q, "m").get(0);
    Pending attempt = single(transport.take());
    attempt.answer(202);

    PushStatus reserved = statusOf(id, "slow");
    assertThat(reserved.status()).isEqualTo(DeliveryStatus.RESERVED);
    assertThat(reserved.statusCode()).isEqualTo(202);
    assertThat(harness.size(q)).isEqualTo(1);
    assertThat(
            problemOf(
                backend()
                    .acknowledge(
                        q, id, "slow", Optional.of("stale"), ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.ReservationMismatch.class);

    harness.advanceSeconds(9);
    done(
        backend()
            .acknowledge(
                q,
                id,
                "slow",
                Optional.of(attempt.attempt().reservationId()),
                ReservationCheck.CURRENT_RESERVATION));

    assertThat(statusOf(id, "slow").status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(harness.size(q)).isZero();
    harness.advanceSeconds(30);
    assertThat(transport.isIdle()).isTrue();
  }

  @Test
  void a202NotAcknowledgedInTimeIsAFailureAndIsRetried() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("slow"));
    long id = harness.post(q, "m").get(0);
    Pending first = single(transport.take());
    first.answer(202);

    harness.advanceSeconds(10);

    Pending second = single(transport.take());
    assertThat(second.attempt().reservationId()).isNotEqualTo(first.attempt().reservationId());
    assertThat(
            problemOf(
                backend()
                    .acknowledge(
                        q,
                        id,
                        "slow",
                        Optional.of(first.attempt().reservationId()),
                        ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.ReservationMismatch.class);
    second.answer(200);
    assertThat(statusOf(id, "slow").status()).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void anAcknowledgementThatOvertakesIts202Counts() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("quick"));
    long id = harness.post(q, "m").get(0);
    Pending attempt = single(transport.take());

    done(
        backend()
            .acknowledge(
                q,
                id,
                "quick",
                Optional.of(attempt.attempt().reservationId()),
                ReservationCheck.CURRENT_RESERVATION));
    attempt.answer(202);

    assertThat(statusOf(id, "quick").status()).isEqualTo(DeliveryStatus.DELIVERED);
    harness.advanceSeconds(30);
    assertThat(transport.isIdle()).isTrue();
  }

  @Test
  void pendingDeliveriesResumeAfterARestartWithTheirCounts() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("a"), subscriber("b"));
    long id = harness.post(q, "m").get(0);
    for (Pending attempt : transport.take()) {
      attempt.answer(attempt.subscriber().equals("a") ? 200 : 503);
    }

    harness.restart();
    harness.advanceSeconds(10);

    Pending retry = single(harness.transport.take());
    assertThat(retry.subscriber()).isEqualTo("b");
    retry.answer(200);
    assertThat(statusOf(id, "b").tries()).isEqualTo(2);
    assertThat(statusOf(id, "a").status()).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void anAttemptInFlightAtACrashIsMadeAgainAfterTheRestart() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("a"));
    long id = harness.post(q, "m").get(0);
    single(transport.take());

    harness.restart();
    harness.advanceSeconds(1);

    single(harness.transport.take()).answer(200);
    assertThat(statusOf(id, "a").status()).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void aQueueSubscriberGetsACopyWithoutTheTransport() {
    push(
        QueueType.MULTICAST,
        3,
        10,
        "",
        new Subscriber("all", "ironmq:///all_requests", Map.of()),
        new Subscriber("ua", "ironmq:///ua_requests", Map.of()));

    long id = harness.post(q, "{\"HTTP_USER_AGENT\":\"curl\"}").get(0);

    assertThat(transport.isIdle()).isTrue();
    assertThat(harness.peekBodies(harness.queue("all_requests")))
        .containsExactly("{\"HTTP_USER_AGENT\":\"curl\"}");
    assertThat(harness.peekBodies(harness.queue("ua_requests")))
        .containsExactly("{\"HTTP_USER_AGENT\":\"curl\"}");
    assertThat(statuses(id)).extracting(PushStatus::status).containsOnly(DeliveryStatus.DELIVERED);
    assertThat(harness.size(q)).isZero();

    harness.restart();
    assertThat(harness.peekBodies(harness.queue("all_requests"))).hasSize(1);
    assertThat(harness.transport.isIdle()).isTrue();
  }

  @Test
  void aQueueSubscriberOfAnotherProjectNeedsAToken() {
    String other = "ffffffffffffffffffffffff";
    done(backend().createProject(Optional.of(other), "other"));
    String token =
        done(backend().issueToken(Optional.empty(), java.util.Set.of(other), false, "")).token();
    push(
        QueueType.MULTICAST,
        0,
        10,
        "",
        new Subscriber("ok", "ironmq://" + other + ":" + token + "@/inbox", Map.of()),
        new Subscriber("bad", "ironmq://" + other + ":wrong@/inbox2", Map.of()));

    long id = harness.post(q, "m").get(0);

    assertThat(harness.peekBodies(QueueRef.of(other, "inbox"))).containsExactly("m");
    assertThat(statusOf(id, "bad").status()).isEqualTo(DeliveryStatus.ERROR);
    assertThat(problemOf(backend().queueInfo(QueueRef.of(other, "inbox2"))))
        .isInstanceOf(Problem.QueueNotFound.class);
  }

  @Test
  void aRemovedSubscriberIsOwedNothing() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("a"), subscriber("b"));
    long id = harness.post(q, "m").get(0);
    for (Pending attempt : transport.take()) {
      attempt.answer(503);
    }

    done(backend().changeSubscribers(q, new SubscriberChange.Remove(List.of("b"))));
    harness.advanceSeconds(10);

    assertThat(single(transport.take()).subscriber()).isEqualTo("a");
    assertThat(statusOf(id, "b").status()).isEqualTo(DeliveryStatus.DELIVERED);
  }

  @Test
  void subscribersAreAddedUpdatedReplacedAndRemovedByName() {
    push(QueueType.MULTICAST, 3, 10, "", subscriber("a"), subscriber("b"));

    done(
        backend()
            .changeSubscribers(
                q,
                new SubscriberChange.Add(
                    List.of(
                        new Subscriber("b", "http://example.test/new-b", Map.of()),
                        subscriber("c")))));
    assertThat(subscriberUrls()).containsExactly(url("a"), "http://example.test/new-b", url("c"));

    done(backend().changeSubscribers(q, new SubscriberChange.Remove(List.of("a"))));
    assertThat(subscriberUrls()).containsExactly("http://example.test/new-b", url("c"));

    done(backend().changeSubscribers(q, new SubscriberChange.Replace(List.of(subscriber("z")))));
    assertThat(subscriberUrls()).containsExactly(url("z"));

    assertThat(problemOf(backend().changeSubscribers(q, new SubscriberChange.Remove(List.of("z")))))
        .as("a push queue keeps at least one subscriber")
        .isInstanceOf(Problem.InvalidRequest.class);
  }

  @Test
  void invalidPushSettingsAreRefused() {
    QueueRef other = harness.queue("other");
    List<PushChange> bad =
        List.of(
            pushChange(List.of(), 3, 60, ""),
            pushChange(List.of(subscriber("a"), subscriber("a")), 3, 60, ""),
            pushChange(List.of(new Subscriber("", url("x"), Map.of())), 3, 60, ""),
            pushChange(List.of(new Subscriber("a", "ftp://x/y", Map.of())), 3, 60, ""),
            pushChange(List.of(new Subscriber("a", "http://refused.test/", Map.of())), 3, 60, ""),
            pushChange(List.of(new Subscriber("a", "ironmq:///other", Map.of())), 3, 60, ""),
            pushChange(List.of(subscriber("a")), 101, 60, ""),
            pushChange(List.of(subscriber("a")), -1, 60, ""),
            pushChange(List.of(subscriber("a")), 3, 2, ""),
            pushChange(List.of(subscriber("a")), 3, 60, "other"));
    for (PushChange change : bad) {
      assertThat(problemOf(backend().putQueue(other, QueueChange.none().withPush(change))))
          .as(change.toString())
          .isInstanceOf(Problem.InvalidRequest.class);
    }
    assertThat(problemOf(backend().queueInfo(other))).isInstanceOf(Problem.QueueNotFound.class);

    assertThat(
            problemOf(backend().putQueue(other, QueueChange.none().withType(QueueType.MULTICAST))))
        .as("a push queue needs subscribers")
        .isInstanceOf(Problem.InvalidRequest.class);
  }

  @Test
  void pushSettingsAloneMakeAMulticastQueueWithDefaults() {
    QueueInfo info =
        done(
            backend()
                .putQueue(
                    q,
                    QueueChange.none()
                        .withPush(
                            new PushChange(
                                Optional.of(List.of(subscriber("a"))),
                                OptionalInt.empty(),
                                OptionalInt.empty(),
                                Optional.empty()))));

    assertThat(info.config().type()).isEqualTo(QueueType.MULTICAST);
    assertThat(info.config().push().get().retries()).isEqualTo(3);
    assertThat(info.config().push().get().retriesDelaySeconds()).isEqualTo(60);
    assertThat(info.config().push().get().errorQueue()).isEmpty();
  }

  @Test
  void aPullQueueBecomesPushOnlyWhereTheApiAllowsIt() {
    harness.post(q, "old pull message");
    QueueChange toPush =
        QueueChange.none().withPush(pushChange(List.of(subscriber("a")), 3, 60, ""));

    assertThat(problemOf(backend().updateQueue(q, toPush)))
        .isInstanceOf(Problem.InvalidRequest.class);
    QueueInfo converted = done(backend().updateQueue(q, toPush.allowingPullToPush()));
    long pushed = harness.post(q, "new").get(0);

    assertThat(converted.config().type()).isEqualTo(QueueType.MULTICAST);
    assertThat(single(transport.take()).attempt().messageId()).isEqualTo(pushed);
    assertThat(harness.reserveOne(q, 60).body()).isEqualTo("old pull message");
  }

  /** The engine now running (a restart replaces it). */
  private QueueBackend backend() {
    return harness.backend;
  }

  private void push(
      QueueType type, int retries, int delay, String errorQueue, Subscriber... subscribers) {
    done(
        backend()
            .putQueue(
                q,
                QueueChange.none()
                    .withType(type)
                    .withPush(pushChange(List.of(subscribers), retries, delay, errorQueue))));
  }

  private static PushChange pushChange(
      List<Subscriber> subscribers, int retries, int delay, String errorQueue) {
    return new PushChange(
        Optional.of(subscribers),
        OptionalInt.of(retries),
        OptionalInt.of(delay),
        Optional.of(errorQueue));
  }

  private static Subscriber subscriber(String name) {
    return new Subscriber(name, url(name), Map.of());
  }

  private static String url(String name) {
    return "http://subscriber.test/" + name;
  }

  private List<String> subscriberUrls() {
    return done(backend().queueInfo(q)).config().push().get().subscribers().stream()
        .map(Subscriber::url)
        .toList();
  }

  private List<PushStatus> statuses(long id) {
    return done(backend().pushStatuses(q, id));
  }

  private PushStatus statusOf(long id, String subscriber) {
    return statuses(id).stream()
        .filter(s -> s.subscriberName().equals(subscriber))
        .findFirst()
        .orElseThrow();
  }

  private static Pending single(List<Pending> attempts) {
    assertThat(attempts).hasSize(1);
    return attempts.get(0);
  }
}
