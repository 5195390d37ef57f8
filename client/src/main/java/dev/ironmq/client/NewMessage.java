package dev.ironmq.client;

import java.util.Map;

/**
 * A message to post.
 *
 * @param body its body
 * @param delay seconds before it can be reserved (null: the queue's default, none)
 * @param pushHeaders headers added to its HTTP deliveries on a push queue (null: none)
 */
public record NewMessage(String body, Integer delay, Map<String, String> pushHeaders) {
  public NewMessage {
    if (body == null) {
      throw new IllegalArgumentException("a message needs a body");
    }
    pushHeaders = pushHeaders == null ? null : Map.copyOf(pushHeaders);
  }

  public static NewMessage of(String body) {
    return new NewMessage(body, null, null);
  }

  public NewMessage delayedBy(int seconds) {
    return new NewMessage(body, seconds, pushHeaders);
  }
}
