package dev.ironmq.metrics;

import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A push transport that times every attempt it passes on, by queue, subscriber and outcome ({@code
 * delivered}: a 2xx; {@code accepted}: a 202, awaiting its acknowledgement; {@code failed}: any
 * other answer, or none). Copies into queues of this server ({@code ironmq:///}) do not go through
 * a transport and are not counted here. A timer is looked up in the registry once per labels,
 * subscriber and outcome, then kept.
 */
final class PushMetrics implements PushTransport {
  private final PushTransport transport;
  private final MeterRegistry registry;
  private final QueueLabels labels;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  private record Key(Tags queue, String subscriber, String outcome) {}

  PushMetrics(PushTransport transport, MeterRegistry registry, QueueLabels labels) {
    this.transport = transport;
    this.registry = registry;
    this.labels = labels;
  }

  @Override
  public void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome) {
    Timer.Sample started = Timer.start(registry);
    transport.deliver(
        attempt,
        answer -> {
          started.stop(
              timers.computeIfAbsent(
                  new Key(
                      labels.of(attempt.queue()), attempt.subscriber().name(), outcomeOf(answer)),
                  this::timer));
          outcome.accept(answer);
        });
  }

  private Timer timer(Key key) {
    return Timer.builder("ironmq.push.delivery")
        .description("Push attempts to HTTP subscribers, from start to answer")
        .tags(key.queue())
        .tag("subscriber", key.subscriber())
        .tag("outcome", key.outcome())
        .serviceLevelObjectives(Buckets.LATENCY)
        .register(registry);
  }

  private static String outcomeOf(PushOutcome answer) {
    if (answer instanceof PushOutcome.Delivered) {
      return "delivered";
    }
    return answer instanceof PushOutcome.Accepted ? "accepted" : "failed";
  }

  @Override
  public Optional<String> refusal(String url) {
    return transport.refusal(url);
  }
}
