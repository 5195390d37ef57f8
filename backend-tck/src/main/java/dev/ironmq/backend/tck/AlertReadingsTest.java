package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static dev.ironmq.backend.tck.BackendHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.AlertChange;
import dev.ironmq.backend.AlertKind;
import dev.ironmq.backend.AlertSpec;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.SubscriberRate;
import dev.ironmq.backend.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Alerts on the age of a queue's oldest message and on a push subscriber's failure rate. */
public class AlertReadingsTest {
  private final BackendHarness harness = new BackendHarness(2);
  private final QueueRef q = harness.queue("work");
  private final QueueRef alerts = harness.queue("work-alerts");

  @Test
  void anAgeAlertFiresWhenTheOldestAvailableMessageHasWaitedItsTrigger() {
    setAlerts(q, alert("age", 60, 0));
    harness.post(q, "old");

    harness.advanceSeconds(30);
    check();
    assertThat(notices()).isEmpty();

    harness.advanceSeconds(30);
    harness.post(q, "new");
    check();
    assertThat(notices()).singleElement().asString().contains("\"oldest_message_age\":60");

    harness.advanceSeconds(10);
    check();
    assertThat(notices()).as("still waiting: no new alert").isEmpty();

    harness.delete(q, harness.reserveOne(q, 600));
    harness.delete(q, harness.reserveOne(q, 600));
    check();
    harness.post(q, "later");
    harness.advanceSeconds(60);
    check();
    assertThat(notices()).as("the queue emptied and a message waited again").hasSize(1);
  }

  @Test
  void reservedAndDelayedMessagesAreNotWaiting() {
    setAlerts(q, alert("age", 60, 0));
    harness.post(q, "taken");
    harness.reserveOne(q, 600);
    harness.postDelayed(q, "later", 300);

    harness.advanceSeconds(120);
    check();

    assertThat(notices()).isEmpty();
  }

  @Test
  void theAgeAlertMessageSaysHowLongTheOldestMessageWaited() {
    QueueInfo info = setAlerts(q, alert("age", 60, 0));
    String id = info.config().alerts().get(0).id();
    harness.post(q, "m");

    harness.advanceSeconds(75);
    check();

    assertThat(notices())
        .containsExactly(
            "{\"source_queue\":\"work\",\"queue_size\":1,\"alert_id\":\""
                + id
                + "\",\"alert_type\":\"age\",\"alert_direction\":\"asc\",\"alert_trigger\":60,"
                + "\"oldest_message_age\":75,\"created_at\":\"2025-11-24T16:01:15Z\"}");
  }

  @Test
  void aSnoozedAgeAlertDoesNotFireAgainTooSoon() {
    setAlerts(q, alert("age", 10, 600));
    harness.post(q, "m");
    harness.advanceSeconds(10);
    check();
    harness.delete(q, harness.reserveOne(q, 60));
    check();
    harness.post(q, "n");
    harness.advanceSeconds(10);
    check();

    assertThat(notices()).hasSize(1);
  }

  @Test
  void aFailureRateAlertFiresForEachSubscriberThatReachesItsTrigger() {
    harness.multicast(q, "a", "b");
    setAlerts(q, alert("failure_rate", 50, 0));

    check(rate("a", 10, 6), rate("b", 10, 1));
    assertThat(notices())
        .singleElement()
        .asString()
        .contains("\"subscriber_name\":\"a\",\"attempts\":10,\"failures\":6,\"failure_rate\":60");

    check(rate("a", 10, 7), rate("b", 10, 1));
    assertThat(notices()).as("still failing: no new alert").isEmpty();

    check(rate("a", 4, 0), rate("b", 4, 4));
    assertThat(notices()).as("too few attempts say nothing").isEmpty();

    check(rate("a", 10, 2), rate("b", 10, 5));
    assertThat(notices())
        .singleElement()
        .asString()
        .contains("\"subscriber_name\":\"b\"", "\"failure_rate\":50");

    check(rate("a", 20, 10));
    assertThat(notices())
        .as("a recovered, then failed again; b made no attempts and keeps its reading")
        .singleElement()
        .asString()
        .contains("\"subscriber_name\":\"a\"");
  }

  @Test
  void aFailureRateAlertIgnoresSubscribersNoLongerSet() {
    harness.multicast(q, "a");
    setAlerts(q, alert("failure_rate", 50, 0));

    check(rate("gone", 10, 10));

    assertThat(notices()).isEmpty();
  }

  @Test
  void readingsOfAnAlertAreForgottenWhenItIsRemoved() {
    QueueInfo info = setAlerts(q, alert("age", 10, 0));
    harness.post(q, "m");
    harness.advanceSeconds(10);
    check();
    assertThat(notices()).hasSize(1);

    String id = info.config().alerts().get(0).id();
    done(harness.backend.changeAlerts(q, new AlertChange.Remove(List.of(id))));
    setAlerts(q, alert("age", 10, 0));
    check();

    assertThat(notices()).as("a new alert reads the queue afresh").hasSize(1);
  }

  @Test
  void eachKindOfAlertBelongsToOneKindOfQueue() {
    assertThat(problemOf(changeAlerts(q, alert("failure_rate", 50, 0))))
        .isInstanceOf(Problem.InvalidRequest.class);

    QueueRef push = harness.queue("pushed");
    harness.multicast(push, "a");
    assertThat(problemOf(changeAlerts(push, alert("age", 60, 0))))
        .extracting(Problem::message)
        .isEqualTo("Push queues do not support alerts.");
    assertThat(problemOf(changeAlerts(push, alert("fixed", 1, 0))))
        .extracting(Problem::message)
        .isEqualTo("Push queues do not support alerts.");
    assertThat(done(changeAlerts(push, alert("failure_rate", 50, 0))).config().alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.kind()).isEqualTo(AlertKind.FAILURE_RATE));
    assertThat(done(harness.backend.queueInfo(push)).config().alerts()).hasSize(1);
  }

  @Test
  void invalidReadingAlertsAreRefused() {
    harness.multicast(q, "a");
    List<AlertSpec> bad =
        List.of(
            alert("failure_rate", 0, 0),
            alert("failure_rate", 101, 0),
            new AlertSpec(
                Optional.of("failure_rate"),
                OptionalInt.of(50),
                Optional.of("desc"),
                Optional.of("work-alerts"),
                OptionalInt.empty()),
            new AlertSpec(
                Optional.of("failure_rate"),
                OptionalInt.of(50),
                Optional.empty(),
                Optional.of("work"),
                OptionalInt.empty()));
    for (AlertSpec spec : bad) {
      assertThat(problemOf(changeAlerts(q, spec)))
          .as(spec.toString())
          .isInstanceOf(Problem.InvalidRequest.class);
    }
    QueueRef pull = harness.queue("pull");
    assertThat(problemOf(changeAlerts(pull, alert("age", 2_592_001, 0))))
        .isInstanceOf(Problem.InvalidRequest.class);
    assertThat(done(harness.backend.queueInfo(q)).config().alerts()).isEmpty();
  }

  @Test
  void agesAreJudgedAfterARestart() {
    setAlerts(q, alert("age", 60, 0));
    harness.post(q, "m");

    harness.restart();
    harness.advanceSeconds(60);
    check();

    assertThat(notices()).hasSize(1);
  }

  private QueueInfo setAlerts(QueueRef ref, AlertSpec spec) {
    return done(
        harness.backend.putQueue(
            ref, QueueChange.none().withAlerts(new AlertChange.Replace(List.of(spec)))));
  }

  private java.util.concurrent.CompletableFuture<QueueInfo> changeAlerts(
      QueueRef ref, AlertSpec spec) {
    return harness.backend.putQueue(
        ref, QueueChange.none().withAlerts(new AlertChange.Replace(List.of(spec))));
  }

  private static AlertSpec alert(String type, int trigger, int snooze) {
    return new AlertSpec(
        Optional.of(type),
        OptionalInt.of(trigger),
        Optional.empty(),
        Optional.of("work-alerts"),
        OptionalInt.of(snooze));
  }

  private SubscriberRate rate(String subscriber, long attempts, long failures) {
    return new SubscriberRate(q, subscriber, attempts, failures);
  }

  private void check(SubscriberRate... rates) {
    done(harness.backend.checkAlerts(List.of(rates)));
  }

  /** The bodies of the alert messages since the last look, in order. */
  private List<String> notices() {
    List<String> bodies = new ArrayList<>();
    if (problemOfOrNull() != null) {
      return bodies;
    }
    for (ReservedMessage m : harness.reserve(alerts, 100, 60)) {
      bodies.add(m.body());
      harness.delete(alerts, m);
    }
    return bodies;
  }

  private Problem problemOfOrNull() {
    java.util.concurrent.CompletableFuture<QueueInfo> info = harness.backend.queueInfo(alerts);
    try {
      info.get(10, java.util.concurrent.TimeUnit.SECONDS);
      return null;
    } catch (Exception e) {
      return problemOf(info);
    }
  }
}
