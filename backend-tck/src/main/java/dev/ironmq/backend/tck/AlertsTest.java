package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static dev.ironmq.backend.tck.BackendHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.AlertChange;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.AlertSpec;
import dev.ironmq.backend.PushChange;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

public class AlertsTest {
  private final BackendHarness harness = new BackendHarness(2);
  private final QueueRef q = harness.queue("work");
  private final QueueRef alerts = harness.queue("work-alerts");

  @Test
  void aFixedAscendingAlertFiresWhenTheSizeReachesItsTrigger() {
    setAlerts(alert("fixed", 3, "asc", 0));

    harness.post(q, "1", "2");
    assertThat(fired()).isEmpty();
    harness.post(q, "3");
    assertThat(fired()).containsExactly(3L);
    harness.post(q, "4", "5");
    assertThat(fired()).as("it stays above: no new alert").isEmpty();

    deleteOne();
    deleteOne();
    deleteOne();
    harness.post(q, "6");
    assertThat(fired()).as("it dropped below and came back").containsExactly(3L);
  }

  @Test
  void aFixedDescendingAlertFiresWhenTheSizeFallsToItsTrigger() {
    setAlerts(alert("fixed", 2, "desc", 0));
    harness.post(q, "1", "2", "3", "4");
    assertThat(fired()).isEmpty();

    deleteOne();
    assertThat(fired()).isEmpty();
    deleteOne();
    assertThat(fired()).containsExactly(2L);
    deleteOne();
    assertThat(fired()).isEmpty();
  }

  @Test
  void aProgressiveAlertFiresAtEveryMultiple() {
    setAlerts(alert("progressive", 2, "asc", 0));

    for (int i = 1; i <= 7; i++) {
      harness.post(q, "m" + i);
    }

    assertThat(fired()).containsExactly(2L, 4L, 6L);
  }

  @Test
  void aDescendingProgressiveAlertFiresOnTheWayDownButNotAtZero() {
    harness.post(q, "1", "2", "3", "4", "5");
    setAlerts(alert("progressive", 2, "desc", 0));

    for (int i = 0; i < 5; i++) {
      deleteOne();
    }

    assertThat(fired()).containsExactly(4L, 2L);
  }

  @Test
  void aSnoozedAlertDoesNotFireAgainTooSoon() {
    setAlerts(alert("progressive", 1, "asc", 60));

    harness.post(q, "1");
    harness.post(q, "2");
    harness.advanceSeconds(60);
    harness.post(q, "3");

    assertThat(fired()).containsExactly(1L, 3L);
  }

  @Test
  void theAlertMessageSaysWhatFiredAndWhen() {
    QueueInfo info = setAlerts(alert("fixed", 1, "asc", 0));
    String id = info.config().alerts().get(0).id();

    harness.post(q, "m");

    assertThat(harness.reserveOne(alerts, 60).body())
        .isEqualTo(
            "{\"source_queue\":\"work\",\"queue_size\":1,\"alert_id\":\""
                + id
                + "\",\"alert_type\":\"fixed\",\"alert_direction\":\"asc\",\"alert_trigger\":1,"
                + "\"created_at\":\"2025-11-24T16:00:00Z\"}");
  }

  @Test
  void alertsAreAddedReplacedAndRemoved() {
    setAlerts(alert("fixed", 1, "asc", 0));
    QueueInfo added =
        done(
            harness.backend.changeAlerts(
                q, new AlertChange.Append(List.of(alert("fixed", 5, "asc", 0)))));
    assertThat(added.config().alerts()).extracting(AlertRecord::trigger).containsExactly(1, 5);

    String first = added.config().alerts().get(0).id();
    QueueInfo removed =
        done(harness.backend.changeAlerts(q, new AlertChange.Remove(List.of(first))));
    assertThat(removed.config().alerts()).extracting(AlertRecord::trigger).containsExactly(5);

    QueueInfo replaced =
        done(
            harness.backend.changeAlerts(
                q, new AlertChange.Replace(List.of(alert("progressive", 9, "desc", 0)))));
    assertThat(replaced.config().alerts()).hasSize(1);
    assertThat(replaced.config().alerts().get(0).descending()).isTrue();

    assertThat(problemOf(harness.backend.changeAlerts(q, new AlertChange.Remove(List.of("nope")))))
        .isInstanceOf(Problem.MessageNotFound.class);
  }

  @Test
  void invalidAlertsAreRefused() {
    setAlerts(alert("fixed", 1, "asc", 0));
    List<AlertSpec> bad =
        List.of(
            new AlertSpec(
                Optional.empty(),
                OptionalInt.of(1),
                Optional.empty(),
                Optional.of("a"),
                OptionalInt.empty()),
            new AlertSpec(
                Optional.of("fixed"),
                OptionalInt.empty(),
                Optional.empty(),
                Optional.of("a"),
                OptionalInt.empty()),
            new AlertSpec(
                Optional.of("fixed"),
                OptionalInt.of(1),
                Optional.empty(),
                Optional.empty(),
                OptionalInt.empty()),
            alert("sometimes", 1, "asc", 0),
            alert("fixed", 0, "asc", 0),
            alert("fixed", 2, "sideways", 0),
            alert("fixed", 2, "asc", -1),
            alert("fixed", 1, "asc", 0));
    for (AlertSpec spec : bad) {
      assertThat(problemOf(harness.backend.changeAlerts(q, new AlertChange.Append(List.of(spec)))))
          .as(spec.toString())
          .isInstanceOf(Problem.InvalidRequest.class);
    }
    assertThat(
            problemOf(
                harness.backend.changeAlerts(
                    q, new AlertChange.Append(List.of(alert("fixed", 1, "asc", 0))))))
        .extracting(Problem::message)
        .isEqualTo("At least one new alert duplicates current queue alerts.");
    List<AlertSpec> six = new ArrayList<>();
    for (int i = 10; i < 16; i++) {
      six.add(alert("fixed", i, "asc", 0));
    }
    assertThat(problemOf(harness.backend.changeAlerts(q, new AlertChange.Replace(six))))
        .isInstanceOf(Problem.InvalidRequest.class);
    assertThat(done(harness.backend.queueInfo(q)).config().alerts()).hasSize(1);
  }

  @Test
  void progressiveAlertsCannotLoop() {
    QueueRef a = harness.queue("a");
    QueueRef b = harness.queue("b");
    QueueRef c = harness.queue("c");

    assertThat(
            problemOf(
                harness.backend.putQueue(
                    a, QueueChange.none().withAlerts(replace(progressiveInto("a"))))))
        .as("into itself")
        .isInstanceOf(Problem.InvalidRequest.class);
    done(harness.backend.putQueue(a, QueueChange.none().withAlerts(replace(progressiveInto("b")))));
    done(harness.backend.putQueue(b, QueueChange.none().withAlerts(replace(progressiveInto("c")))));

    assertThat(
            problemOf(
                harness.backend.putQueue(
                    c, QueueChange.none().withAlerts(replace(progressiveInto("a"))))))
        .isInstanceOf(Problem.InvalidRequest.class);
    done(
        harness.backend.putQueue(
            c, QueueChange.none().withAlerts(replace(alert("fixed", 3, "asc", 0)))));
  }

  @Test
  void pushQueuesHaveNoAlerts() {
    done(
        harness.backend.putQueue(
            q,
            QueueChange.none()
                .withType(QueueType.MULTICAST)
                .withPush(
                    new PushChange(
                        Optional.of(List.of(new Subscriber("s", "http://x.test/", Map.of()))),
                        OptionalInt.empty(),
                        OptionalInt.empty(),
                        Optional.empty()))));

    assertThat(problemOf(harness.backend.changeAlerts(q, replace(alert("fixed", 1, "asc", 0)))))
        .extracting(Problem::message)
        .isEqualTo("Push queues do not support alerts.");
  }

  @Test
  void alertsSurviveARestart() {
    setAlerts(alert("fixed", 2, "asc", 0));
    harness.post(q, "1");

    harness.restart();
    harness.post(q, "2");

    assertThat(fired()).containsExactly(2L);
  }

  private QueueInfo setAlerts(AlertSpec... specs) {
    return done(harness.backend.putQueue(q, QueueChange.none().withAlerts(replace(specs))));
  }

  private static AlertChange replace(AlertSpec... specs) {
    return new AlertChange.Replace(List.of(specs));
  }

  private static AlertSpec progressiveInto(String target) {
    return new AlertSpec(
        Optional.of("progressive"),
        OptionalInt.of(1),
        Optional.empty(),
        Optional.of(target),
        OptionalInt.empty());
  }

  private static AlertSpec alert(String type, int trigger, String direction, int snooze) {
    return new AlertSpec(
        Optional.of(type),
        OptionalInt.of(trigger),
        Optional.of(direction),
        Optional.of("work-alerts"),
        OptionalInt.of(snooze));
  }

  private void deleteOne() {
    harness.delete(q, harness.reserveOne(q, 60));
  }

  /** The sizes reported by alert messages since the last look, in order. */
  private List<Long> fired() {
    List<Long> sizes = new ArrayList<>();
    if (problemOrNull(() -> harness.backend.queueInfo(alerts)) != null) {
      return sizes;
    }
    for (ReservedMessage m : harness.reserve(alerts, 100, 60)) {
      String body = m.body();
      int start = body.indexOf("\"queue_size\":") + 13;
      sizes.add(Long.parseLong(body.substring(start, body.indexOf(',', start))));
      harness.delete(alerts, m);
    }
    return sizes;
  }

  private static Problem problemOrNull(
      java.util.function.Supplier<java.util.concurrent.CompletableFuture<?>> call) {
    java.util.concurrent.CompletableFuture<?> future = call.get();
    try {
      future.get(10, java.util.concurrent.TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException
        | InterruptedException e) {
      return problemOf(future);
    }
  }
}
