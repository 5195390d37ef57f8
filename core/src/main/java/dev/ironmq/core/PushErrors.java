package dev.ironmq.core;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.PushHeaders;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.store.DeliveryRecord;
import java.util.Map;

/**
 * The error-queue report of a delivery given up on: the original message's id, body and headers,
 * and how each subscriber last answered.
 */
final class PushErrors {
  private PushErrors() {}

  static String report(MessageEntry message, DeliveryRecord delivery, PushPolicy policy) {
    JsonText json =
        new JsonText()
            .open()
            .field("source_msg_id", Long.toString(message.id))
            .field("body", message.body)
            .openObject("headers")
            .field(PushHeaders.USER_AGENT, PushHeaders.DEFAULT_USER_AGENT)
            .field(PushHeaders.CONTENT_TYPE, PushHeaders.DEFAULT_CONTENT_TYPE);
    for (Map.Entry<String, String> header : message.pushHeaders.entrySet()) {
      json.field(header.getKey(), header.getValue());
    }
    json.close().openArray("subscribers");
    for (AttemptResult result : delivery.results()) {
      json.open()
          .field("name", result.subscriberName())
          .field("url", urlOf(policy, result.subscriberName()))
          .field("code", result.statusCode())
          .field("msg", result.message())
          .close();
    }
    return json.closeArray().close().toString();
  }

  private static String urlOf(PushPolicy policy, String subscriberName) {
    return policy.subscribers().stream()
        .filter(s -> s.name().equals(subscriberName))
        .map(Subscriber::url)
        .findFirst()
        .orElse("");
  }
}
