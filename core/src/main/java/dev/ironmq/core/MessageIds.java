package dev.ironmq.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues message ids: 64-bit, increasing, unique across queues, and (like IronMQ's) about 19
 * decimal digits. An id is the posting time in milliseconds shifted left by 20 bits, bumped past
 * the last id issued, so ids keep increasing across restarts as long as the clock does not go back
 * further than the stored high-water mark covers. Thread-safe.
 */
final class MessageIds {
  static final String SEQUENCE = "message_id";
  private static final int SHIFT = 20;

  private final AtomicLong last;

  MessageIds(long highWater) {
    this.last = new AtomicLong(highWater);
  }

  long next(long nowMillis) {
    long floor = nowMillis << SHIFT;
    return last.updateAndGet(previous -> Math.max(previous + 1, floor));
  }

  void raiseTo(long seen) {
    last.accumulateAndGet(seen, Math::max);
  }

  long last() {
    return last.get();
  }
}
