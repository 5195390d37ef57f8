package dev.ironmq.backend;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends push deliveries to HTTP subscribers. The engine decides what to deliver and when; a
 * transport only performs attempts, without holding the engine's threads, and reports each outcome
 * exactly once. Implemented by the push module; tests use a fake.
 */
public interface PushTransport {
  /** Starts an attempt; {@code outcome} is called once, on any thread. */
  void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome);

  /** Why a subscriber URL is refused by this transport's policy, or empty when it is accepted. */
  Optional<String> refusal(String url);

  /** A transport for engines that must never push (every attempt fails). */
  PushTransport NONE =
      new PushTransport() {
        @Override
        public void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome) {
          outcome.accept(new PushOutcome.Failed(0, "this server does not push"));
        }

        @Override
        public Optional<String> refusal(String url) {
          return Optional.empty();
        }
      };
}
