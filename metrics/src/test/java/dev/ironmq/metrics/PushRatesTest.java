package dev.ironmq.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.SubscriberRate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PushRatesTest {
  private static final QueueRef JOBS = QueueRef.of("5a0c1b2d3e4f5a6b7c8d9e0f", "jobs");
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_700_000_040_000L; // a minute's start

  private final PushRates rates = new PushRates();
  private final List<PushOutcome> answers = new ArrayList<>();
  private final List<PushOutcome> told = new ArrayList<>();
  private final PushTransport transport =
      rates.transport(
          new PushTransport() {
            @Override
            public void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome) {
              outcome.accept(answers.remove(0));
            }

            @Override
            public Optional<String> refusal(String url) {
              return Optional.empty();
            }
          });

  private void attempt(String subscriber, PushOutcome answer) {
    answers.add(answer);
    transport.deliver(
        new PushAttempt(
            JOBS,
            1,
            "m",
            new Subscriber(subscriber, "http://127.0.0.1:9/", Map.of()),
            Map.of(),
            "r"),
        told::add);
  }

  @Test
  void theLastWholeMinuteCountsEachSubscribersAttemptsAndFailures() {
    assertThat(rates.lastMinute(T0)).isEmpty();
    attempt("a", new PushOutcome.Delivered(200));
    attempt("a", new PushOutcome.Failed(500, "Internal Server Error"));
    attempt("a", new PushOutcome.Failed(0, "Connection refused"));
    attempt("b", new PushOutcome.Accepted());
    assertThat(rates.lastMinute(T0 + 59_000)).as("the minute is not over").isEmpty();

    assertThat(rates.lastMinute(T0 + MINUTE + 1_000))
        .containsExactlyInAnyOrder(
            new SubscriberRate(JOBS, "a", 3, 2), new SubscriberRate(JOBS, "b", 1, 0));
    assertThat(told).hasSize(4);

    attempt("a", new PushOutcome.Delivered(204));
    assertThat(rates.lastMinute(T0 + MINUTE + 30_000))
        .as("the same minute is answered until the next one ends")
        .containsExactlyInAnyOrder(
            new SubscriberRate(JOBS, "a", 3, 2), new SubscriberRate(JOBS, "b", 1, 0));
    assertThat(rates.lastMinute(T0 + 2 * MINUTE))
        .containsExactly(new SubscriberRate(JOBS, "a", 1, 0));
  }

  @Test
  void aMinuteWithNoCallAfterItIsNotAnsweredLater() {
    rates.lastMinute(T0);
    attempt("a", new PushOutcome.Failed(503, "Service Unavailable"));

    assertThat(rates.lastMinute(T0 + 3 * MINUTE)).isEmpty();
    assertThat(rates.lastMinute(T0 + 4 * MINUTE)).as("the counts were taken").isEmpty();
  }
}
