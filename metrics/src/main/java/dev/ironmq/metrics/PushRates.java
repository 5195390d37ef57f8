package dev.ironmq.metrics;

import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.backend.SubscriberRate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts each subscriber's push attempts and failures by minute, for failure-rate alerts: {@link
 * #lastMinute} answers the attempts of the last whole minute. An attempt counts in the minute its
 * answer came in, as the calls to {@link #lastMinute} divide them (they come every few seconds, so
 * a minute's edge moves by as much).
 *
 * <p>Thread-safe: attempts are counted on the transport's threads; {@link #lastMinute} is called
 * one call after another.
 */
public final class PushRates {
  private static final int ATTEMPTS = 0;
  private static final int FAILURES = 1;
  private static final long MINUTE = StatsStep.MINUTE.millis();

  private record Key(QueueRef queue, String subscriber) {}

  private final ConcurrentHashMap<Key, AtomicLongArray> counting = new ConcurrentHashMap<>();
  private long minute = Long.MIN_VALUE;
  private List<SubscriberRate> lastMinute = List.of();

  /** A transport that counts each attempt's outcome (a 2xx or a 202 delivered it). */
  public PushTransport transport(PushTransport next) {
    return new ObservedTransport(
        next, (attempt, answer) -> count(attempt.queue(), attempt.subscriber().name(), answer));
  }

  private void count(QueueRef queue, String subscriber, PushOutcome answer) {
    boolean failed = answer instanceof PushOutcome.Failed;
    AtomicLongArray counts =
        counting.computeIfAbsent(new Key(queue, subscriber), key -> new AtomicLongArray(2));
    counts.incrementAndGet(ATTEMPTS);
    if (failed) {
      counts.incrementAndGet(FAILURES);
    }
  }

  /**
   * The attempts of each subscriber in the whole minute before the one holding {@code now}; none in
   * the first minute, or when no call came in the minute before.
   */
  public synchronized List<SubscriberRate> lastMinute(long now) {
    long current = StatsStep.MINUTE.periodOf(now);
    if (minute == Long.MIN_VALUE) {
      minute = current;
    } else if (current != minute) {
      List<SubscriberRate> taken = take();
      lastMinute = current == minute + MINUTE ? taken : List.of();
      minute = current;
    }
    return lastMinute;
  }

  /**
   * Takes the counts with a swap to zero, so an attempt counts in one minute or the next; drops the
   * entries of subscribers that made no attempt in the minute.
   */
  private List<SubscriberRate> take() {
    List<SubscriberRate> taken = new ArrayList<>();
    counting.forEach(
        (key, counts) -> {
          long attempts = counts.getAndSet(ATTEMPTS, 0);
          long failures = counts.getAndSet(FAILURES, 0);
          if (attempts == 0) {
            counting.remove(key, counts);
          } else {
            taken.add(new SubscriberRate(key.queue(), key.subscriber(), attempts, failures));
          }
        });
    return taken;
  }
}
