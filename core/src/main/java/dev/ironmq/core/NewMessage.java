package dev.ironmq.core;

import java.util.Map;

/**
 * A message to post.
 *
 * @param body the body, any string, empty included
 * @param delaySeconds how long it stays hidden; 0 for none
 * @param timeoutSeconds its own reservation length (API v1 only); 0 for the queue's
 * @param expiresInSeconds its own lifetime (API v1 only); 0 for the queue's
 * @param pushHeaders headers for push deliveries of this message
 */
public record NewMessage(
    String body,
    int delaySeconds,
    int timeoutSeconds,
    int expiresInSeconds,
    Map<String, String> pushHeaders) {
  public NewMessage {
    pushHeaders = Map.copyOf(pushHeaders);
  }

  public static NewMessage of(String body) {
    return new NewMessage(body, 0, 0, 0, Map.of());
  }
}
