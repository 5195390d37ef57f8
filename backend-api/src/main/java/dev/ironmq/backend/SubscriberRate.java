package dev.ironmq.backend;

/**
 * The push attempts a subscriber finished in the last minute, for failure-rate alerts.
 *
 * @param queue the push queue
 * @param subscriber the subscriber's name
 * @param attempts attempts that ended with an answer, a timeout or a refused connection
 * @param failures of those, the ones that did not deliver (anything but a 2xx)
 */
public record SubscriberRate(QueueRef queue, String subscriber, long attempts, long failures) {

  /** The failed share, in percent. */
  public double failurePercent() {
    return attempts == 0 ? 0 : failures * 100.0 / attempts;
  }
}
