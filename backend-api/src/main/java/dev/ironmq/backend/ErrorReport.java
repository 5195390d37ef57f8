package dev.ironmq.backend;

import java.util.List;
import java.util.Map;

/**
 * What a push queue posts to its error queue when it gives up on a delivery (§5.7): the original
 * message, the headers its deliveries carried, and how each subscriber last answered.
 *
 * @param sourceMessageId the message given up on
 * @param body its body
 * @param headers the headers of its deliveries, in order
 * @param subscribers each subscriber tried, with its last answer
 */
public record ErrorReport(
    long sourceMessageId, String body, Map<String, String> headers, List<Failure> subscribers) {

  /**
   * A subscriber's last answer.
   *
   * @param name the subscriber
   * @param url its URL
   * @param statusCode the HTTP status, or 0 when there was none
   * @param message the reason, for people
   */
  public record Failure(String name, String url, int statusCode, String message) {}
}
