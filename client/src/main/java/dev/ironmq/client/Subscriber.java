package dev.ironmq.client;

import java.util.Map;

/**
 * Where a push queue delivers: an HTTP(S) URL, or {@code ironmq:///queue} for another queue.
 *
 * @param name its name, unique in the queue
 * @param url where messages go
 * @param headers extra headers sent with each delivery (null: none)
 */
public record Subscriber(String name, String url, Map<String, String> headers) {
  public Subscriber {
    headers = headers == null || headers.isEmpty() ? null : Map.copyOf(headers);
  }

  public static Subscriber of(String name, String url) {
    return new Subscriber(name, url, null);
  }
}
