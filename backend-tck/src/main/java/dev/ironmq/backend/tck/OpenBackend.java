package dev.ironmq.backend.tck;

import dev.ironmq.backend.QueueBackend;
import java.time.Duration;

/** A backend opened for a test, with the levers the test needs. */
public interface OpenBackend {
  QueueBackend backend();

  /**
   * Moves the clock by {@code duration}, letting the backend do what falls due on the way
   * (timeouts, delays, expiry, push retries, long-poll deadlines) at the moment it falls due.
   */
  void advance(Duration duration);

  /**
   * Waits until the backend has done what the test's last answer to a push attempt set off; a
   * backend that does it before the answer returns need not wait.
   */
  default void settle() {}

  /** Stops this backend and opens another on the same durable state, as a restart would. */
  OpenBackend restart();

  /** Stops the backend and frees its storage. */
  void close();
}
