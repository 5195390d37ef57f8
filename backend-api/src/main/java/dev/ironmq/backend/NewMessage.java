package dev.ironmq.backend;

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

  /**
   * A message from a webhook: the raw body, with the request headers named {@code
   * X-Subscribers-<Name>} as push headers {@code <Name>}. Headers that could not be push headers
   * are dropped, not refused: the sender is a third party that cannot be told.
   */
  public static NewMessage fromWebhook(String body, Iterable<Map.Entry<String, String>> headers) {
    Map<String, String> pushHeaders = new java.util.LinkedHashMap<>();
    String prefix = PushHeaders.WEBHOOK_PREFIX.toLowerCase(java.util.Locale.ROOT);
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (name.length() > prefix.length()
          && name.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)
          && pushHeaders.size() < MessageRules.MAX_PUSH_HEADERS) {
        String pushName = name.substring(prefix.length());
        if (MessageRules.isValidPushHeader(pushName, header.getValue())) {
          pushHeaders.put(pushName, header.getValue());
        }
      }
    }
    return new NewMessage(body, 0, 0, 0, pushHeaders);
  }
}
