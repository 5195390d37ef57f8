package dev.ironmq.bench;

import java.util.Collections;
import java.util.List;

/**
 * Message bodies of an exact size. A stamped body starts with the {@link System#nanoTime()} it was
 * due to be posted, so the consumer in the same process can tell how long it took to arrive.
 */
public final class Bodies {
  private Bodies() {}

  /** {@code count} bodies of {@code bytes} bytes. */
  public static List<String> of(int count, int bytes) {
    return Collections.nCopies(count, "x".repeat(bytes));
  }

  /** A body of {@code bytes} bytes (at least the stamp) starting with the time it was due. */
  public static String stamped(long dueNanos, int bytes) {
    String stamp = Long.toString(dueNanos) + ";";
    return stamp.length() >= bytes ? stamp : stamp + "x".repeat(bytes - stamp.length());
  }

  /** The time a stamped body was due, in {@link System#nanoTime()} units. */
  public static long stampOf(String body) {
    return Long.parseLong(body.substring(0, body.indexOf(';')));
  }
}
