package dev.ironmq.backend.tck;

import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushTransport;
import java.time.Duration;

/**
 * How the contract suite gets a backend to test. A backend's module registers one implementation in
 * its test resources ({@code META-INF/services/dev.ironmq.backend.tck.BackendProvider}) and runs
 * this module's test classes with Surefire's {@code dependenciesToScan}.
 */
public interface BackendProvider {
  /**
   * Opens a backend on empty storage.
   *
   * @param clock the only clock the backend may read; the tests move it
   * @param transport where HTTP push attempts go; the tests answer them
   * @param maxMessageBytes the largest message body
   * @param pushRetention how long a delivered push message stays readable
   * @param partitions a hint: how many independently owned parts to spread queues over (shards of
   *     the embedded engine; a backend without such parts ignores it)
   * @param events to tell of what happens to messages
   */
  OpenBackend open(
      ManualClock clock,
      PushTransport transport,
      int maxMessageBytes,
      Duration pushRetention,
      int partitions,
      MessageEvents events);
}
