package dev.ironmq.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Encoded posts, kept while a scenario posts the same list of bodies again and again, so that the
 * load generator (on the same machine as the server) spends its CPU sending rather than encoding.
 * Every target encodes through one of these, so none gets an advantage from it.
 *
 * @param <T> the encoded form
 */
public final class PreparedRequests<T> {
  private record Key(String queue, List<String> bodies) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.queue.equals(queue) && key.bodies == bodies;
    }

    @Override
    public int hashCode() {
      return queue.hashCode() * 31 + System.identityHashCode(bodies);
    }
  }

  private static final int MAX_KEPT = 64;
  private final Map<Key, T> kept = new ConcurrentHashMap<>();
  private final BiFunction<String, List<String>, T> encode;

  /**
   * @param encode encodes a post of these bodies to this queue
   */
  public PreparedRequests(BiFunction<String, List<String>, T> encode) {
    this.encode = encode;
  }

  /**
   * The encoded post of these bodies to this queue. Only lists of more than one body are kept: a
   * single body is usually unique (a time stamp).
   */
  public T of(String queue, List<String> bodies) {
    if (bodies.size() == 1) {
      return encode.apply(queue, bodies);
    }
    if (kept.size() > MAX_KEPT) {
      kept.clear();
    }
    return kept.computeIfAbsent(new Key(queue, bodies), key -> encode.apply(queue, bodies));
  }
}
