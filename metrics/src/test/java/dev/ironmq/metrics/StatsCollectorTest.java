package dev.ironmq.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.MessageEvents.Kind;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueLoad;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueStats;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.Subscriber;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StatsCollectorTest {
  private static final QueueRef JOBS = QueueRef.of("5a0c1b2d3e4f5a6b7c8d9e0f", "jobs");
  private static final QueueRef IDLE = QueueRef.of("5a0c1b2d3e4f5a6b7c8d9e0f", "idle");

  private final StatsCollector collector = new StatsCollector();
  private final List<MessageEvents.Kind> forwarded = new ArrayList<>();
  private final MessageEvents events =
      collector.events((queue, kind, count) -> forwarded.add(kind));
  private final List<QueueLoad> loads = new ArrayList<>();
  private final List<List<QueueStats>> recorded = new ArrayList<>();
  private final QueueBackend backend = backend();

  /** A backend that answers loads from {@link #loads} and keeps what is recorded. */
  private QueueBackend backend() {
    return (QueueBackend)
        Proxy.newProxyInstance(
            QueueBackend.class.getClassLoader(),
            new Class<?>[] {QueueBackend.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "queueLoads" -> CompletableFuture.completedFuture(List.copyOf(loads));
                  case "recordStats" -> {
                    @SuppressWarnings("unchecked")
                    List<QueueStats> samples = (List<QueueStats>) args[1];
                    recorded.add(samples);
                    yield CompletableFuture.completedFuture(null);
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private List<QueueStats> recordMinute() {
    collector.record(backend, 0).join();
    return recorded.get(recorded.size() - 1);
  }

  private static QueueLoad load(QueueRef ref, long size) {
    return new QueueLoad(ref, size, 0, 0, 0);
  }

  @Test
  void aMinuteHoldsWhatWasCountedAndTheSizeAtItsEnd() {
    events.happened(JOBS, Kind.POSTED, 3);
    events.happened(JOBS, Kind.RESERVED, 2);
    events.happened(JOBS, Kind.DELETED, 1);
    events.happened(JOBS, Kind.RELEASED, 1);
    loads.add(load(JOBS, 2));

    assertThat(recordMinute())
        .containsExactly(new QueueStats(JOBS, new StatsCounts(2, 3, 2, 1, 0, 0)));
    assertThat(forwarded)
        .as("every event goes on to the next listener")
        .containsExactly(Kind.POSTED, Kind.RESERVED, Kind.DELETED, Kind.RELEASED);
  }

  @Test
  void theNextMinuteStartsFromNothingAndSkipsQueuesThatDidNotChange() {
    loads.add(load(JOBS, 5));
    loads.add(load(IDLE, 7));
    events.happened(JOBS, Kind.POSTED, 5);
    assertThat(recordMinute()).hasSize(2);

    events.happened(JOBS, Kind.RESERVED, 1);

    assertThat(recordMinute())
        .as("the idle queue's size did not change; the posts were counted last minute")
        .containsExactly(new QueueStats(JOBS, new StatsCounts(5, 0, 1, 0, 0, 0)));
    loads.set(1, load(IDLE, 6));
    assertThat(recordMinute())
        .containsExactly(new QueueStats(IDLE, new StatsCounts(6, 0, 0, 0, 0, 0)));
  }

  @Test
  void pushAttemptsCountAsDeliveredOrFailed() {
    List<Consumer<PushOutcome>> answers = new ArrayList<>();
    PushTransport transport =
        collector.transport(
            new PushTransport() {
              @Override
              public void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome) {
                answers.add(outcome);
              }

              @Override
              public Optional<String> refusal(String url) {
                return Optional.empty();
              }
            });
    PushAttempt attempt =
        new PushAttempt(
            JOBS, 1, "m", new Subscriber("s", "http://127.0.0.1:9/", Map.of()), Map.of(), "r");
    List<PushOutcome> told = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      transport.deliver(attempt, told::add);
    }
    answers.get(0).accept(new PushOutcome.Delivered(200));
    answers.get(1).accept(new PushOutcome.Accepted());
    answers.get(2).accept(new PushOutcome.Failed(503, "down"));
    loads.add(load(JOBS, 1));

    assertThat(recordMinute())
        .containsExactly(new QueueStats(JOBS, new StatsCounts(1, 0, 0, 0, 2, 1)));
    assertThat(told).hasSize(3);
  }
}
