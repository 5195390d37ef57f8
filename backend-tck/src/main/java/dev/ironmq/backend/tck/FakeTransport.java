package dev.ironmq.backend.tck;

import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A push transport whose attempts wait until the test answers them; it refuses URLs containing
 * "refused" as a private-address policy would.
 */
public final class FakeTransport implements PushTransport {
  /** An attempt waiting for the test's answer. */
  record Pending(PushAttempt attempt, Consumer<PushOutcome> outcome, Runnable settle) {
    /** Answers the attempt, and waits until the backend has done what the answer sets off. */
    void answer(int status) {
      if (status == 202) {
        outcome.accept(new PushOutcome.Accepted());
      } else if (status >= 200 && status < 300) {
        outcome.accept(new PushOutcome.Delivered(status));
      } else {
        outcome.accept(new PushOutcome.Failed(status, "status " + status));
      }
      settle.run();
    }

    String subscriber() {
      return attempt.subscriber().name();
    }
  }

  private final List<Pending> pending = new ArrayList<>();
  private volatile Runnable settle = () -> {};

  /** What an answer waits for before it returns. */
  void settleWith(Runnable newSettle) {
    settle = newSettle;
  }

  @Override
  public synchronized void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome) {
    pending.add(new Pending(attempt, outcome, () -> settle.run()));
  }

  @Override
  public Optional<String> refusal(String url) {
    return url.contains("refused") ? Optional.of("private address: " + url) : Optional.empty();
  }

  /** The attempts started and not yet answered, oldest first; taking them clears the list. */
  synchronized List<Pending> take() {
    List<Pending> taken = List.copyOf(pending);
    pending.clear();
    return taken;
  }

  synchronized boolean isIdle() {
    return pending.isEmpty();
  }
}
