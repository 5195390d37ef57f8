package dev.ironmq.backend.push;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.ErrorReport;
import dev.ironmq.backend.PushHeaders;
import dev.ironmq.backend.PushPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report posted to a push queue's error queue when a delivery is given up on (§5.7). */
public final class ErrorReports {
  private ErrorReports() {}

  /**
   * The report of a delivery given up on: the message as subscribers received it (its body, the
   * default headers and its own push headers) and each subscriber's last answer.
   */
  public static ErrorReport of(
      long messageId,
      String body,
      Map<String, String> pushHeaders,
      Delivery delivery,
      PushPolicy policy) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(PushHeaders.USER_AGENT, PushHeaders.DEFAULT_USER_AGENT);
    headers.put(PushHeaders.CONTENT_TYPE, PushHeaders.DEFAULT_CONTENT_TYPE);
    headers.putAll(pushHeaders);
    List<ErrorReport.Failure> failures = new ArrayList<>();
    for (AttemptResult result : delivery.results()) {
      failures.add(
          new ErrorReport.Failure(
              result.subscriberName(),
              PushStatuses.urlOf(policy, result.subscriberName()),
              result.statusCode(),
              result.message()));
    }
    return new ErrorReport(messageId, body, headers, failures);
  }
}
