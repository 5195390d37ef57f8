package dev.ironmq.core;

import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.PushStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What is left in memory of a delivered push message while it is retained: its body and how each
 * subscriber took it. The common case (every subscriber took it at the first try with a 200) stores
 * no per-subscriber arrays, so a busy push queue retains a few small objects per message instead of
 * its whole delivery state.
 */
final class PushReceipt {
  final long id;
  final String body;
  final long finishedAt;
  private final String[] subscribers;
  private final String[] urls;
  private final int[] statusCodes;
  private final int[] tries;
  private final long lastTryAt;

  PushReceipt(
      long id,
      String body,
      long finishedAt,
      String[] subscribers,
      String[] urls,
      int[] statusCodes,
      int[] tries,
      long lastTryAt) {
    this.id = id;
    this.body = body;
    this.finishedAt = finishedAt;
    this.subscribers = subscribers;
    this.urls = urls;
    this.statusCodes = statusCodes;
    this.tries = tries;
    this.lastTryAt = lastTryAt;
  }

  List<PushStatus> statuses(int retriesDelaySeconds) {
    List<PushStatus> statuses = new ArrayList<>(subscribers.length);
    for (int i = 0; i < subscribers.length; i++) {
      statuses.add(
          new PushStatus(
              subscribers[i],
              urls[i],
              DeliveryStatus.DELIVERED,
              statusCodes == null ? 200 : statusCodes[i],
              tries == null ? 1 : tries[i],
              0,
              retriesDelaySeconds,
              OptionalLong.of(lastTryAt)));
    }
    return statuses;
  }

  MessageView view(int retriesDelaySeconds) {
    return new MessageView(id, body, 0, false, 0, statuses(retriesDelaySeconds));
  }
}
