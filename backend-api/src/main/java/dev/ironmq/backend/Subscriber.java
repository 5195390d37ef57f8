package dev.ironmq.backend;

import java.util.Map;

/**
 * One push destination of a push queue.
 *
 * @param name unique within the queue
 * @param url an {@code http(s)://} endpoint or an {@code ironmq://} queue
 * @param headers extra headers sent with every push to this subscriber
 */
public record Subscriber(String name, String url, Map<String, String> headers) {
  public Subscriber {
    headers = Map.copyOf(headers);
  }
}
