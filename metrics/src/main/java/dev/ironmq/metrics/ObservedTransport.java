package dev.ironmq.metrics;

import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A transport that tells an observer each attempt's outcome before its caller hears it. */
final class ObservedTransport implements PushTransport {
  private final PushTransport next;
  private final BiConsumer<PushAttempt, PushOutcome> observer;

  ObservedTransport(PushTransport next, BiConsumer<PushAttempt, PushOutcome> observer) {
    this.next = next;
    this.observer = observer;
  }

  @Override
  public void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome) {
    next.deliver(
        attempt,
        answer -> {
          observer.accept(attempt, answer);
          outcome.accept(answer);
        });
  }

  @Override
  public Optional<String> refusal(String url) {
    return next.refusal(url);
  }
}
