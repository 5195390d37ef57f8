package dev.ironmq.backend.push;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** A push message's deliveries as the push-status API shows them (§5.8). */
public final class PushStatuses {
  private PushStatuses() {}

  public static List<PushStatus> of(List<Delivery> deliveries, PushPolicy policy, long messageId) {
    List<PushStatus> statuses = new ArrayList<>(deliveries.size());
    for (Delivery delivery : deliveries) {
      String name = shownSubscriber(delivery, policy, messageId);
      int started =
          delivery instanceof Delivery.Unicast u
              ? u.round() + (u.cursor() > 0 || u.inFlight() ? 1 : 0)
              : delivery.tries();
      int allowed = policy.retries() + 1 - started;
      statuses.add(
          new PushStatus(
              name,
              urlOf(policy, name),
              delivery.status(),
              lastStatusCode(delivery, name),
              delivery.tries(),
              delivery.isFinal() ? 0 : Math.max(0, Math.min(policy.retries(), allowed)),
              policy.retriesDelaySeconds(),
              delivery.tries() == 0
                  ? OptionalLong.empty()
                  : OptionalLong.of(delivery.lastTryAt())));
    }
    return statuses;
  }

  /** A multicast delivery's subscriber; for unicast, the one tried last or to be tried next. */
  private static String shownSubscriber(Delivery delivery, PushPolicy policy, long messageId) {
    if (!delivery.key().isEmpty()) {
      return delivery.key();
    }
    if (!delivery.attemptSubscriber().isEmpty()) {
      return delivery.attemptSubscriber();
    }
    return DeliveryRules.subscriberFor(delivery, policy, messageId)
        .map(Subscriber::name)
        .orElse("");
  }

  /** The last status code a subscriber answered this delivery with, or 0. */
  public static int lastStatusCode(Delivery delivery, String subscriber) {
    int code = 0;
    for (AttemptResult result : delivery.results()) {
      if (result.subscriberName().equals(subscriber)) {
        code = result.statusCode();
      }
    }
    return code;
  }

  public static String urlOf(PushPolicy policy, String subscriberName) {
    for (Subscriber subscriber : policy.subscribers()) {
      if (subscriber.name().equals(subscriberName)) {
        return subscriber.url();
      }
    }
    return "";
  }
}
