package dev.ironmq.core;

import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.push.Delivery;
import dev.ironmq.backend.push.PushStatuses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The receipts of a push queue's delivered messages, oldest first, kept for the push retention.
 * Receipts of one queue usually name the same subscribers: consecutive ones share the arrays.
 *
 * <p>Thread: owned by its queue's shard.
 */
final class Receipts {
  private final LinkedHashMap<Long, PushReceipt> byId = new LinkedHashMap<>();
  private String[] sharedNames = new String[0];
  private String[] sharedUrls = new String[0];

  /** Keeps a receipt of a message whose deliveries all succeeded at {@code finishedAt}. */
  void add(MessageEntry entry, List<Delivery> deliveries, PushPolicy policy, long finishedAt) {
    int count = deliveries.size();
    String[] names = new String[count];
    String[] urls = new String[count];
    int[] codes = new int[count];
    int[] tries = new int[count];
    boolean plain = true;
    long lastTryAt = 0;
    for (int i = 0; i < count; i++) {
      Delivery delivery = deliveries.get(i);
      names[i] = delivery.key().isEmpty() ? delivery.attemptSubscriber() : delivery.key();
      urls[i] = PushStatuses.urlOf(policy, names[i]);
      codes[i] = PushStatuses.lastStatusCode(delivery, names[i]);
      tries[i] = delivery.tries();
      plain &= codes[i] == 200 && tries[i] == 1;
      lastTryAt = Math.max(lastTryAt, delivery.lastTryAt());
    }
    if (!Arrays.equals(names, sharedNames) || !Arrays.equals(urls, sharedUrls)) {
      sharedNames = names;
      sharedUrls = urls;
    }
    byId.put(
        entry.id,
        new PushReceipt(
            entry.id,
            entry.body,
            finishedAt,
            sharedNames,
            sharedUrls,
            plain ? null : codes,
            plain ? null : tries,
            lastTryAt));
  }

  Optional<PushReceipt> get(long messageId) {
    return Optional.ofNullable(byId.get(messageId));
  }

  boolean remove(long messageId) {
    return byId.remove(messageId) != null;
  }

  /** Removes and returns the ids of receipts finished at or before {@code finishedBy}. */
  List<Long> takeExpired(long finishedBy) {
    List<Long> expired = new ArrayList<>(0);
    Iterator<PushReceipt> oldest = byId.values().iterator();
    while (oldest.hasNext()) {
      PushReceipt receipt = oldest.next();
      if (receipt.finishedAt > finishedBy) {
        break;
      }
      oldest.remove();
      expired.add(receipt.id);
    }
    return expired;
  }

  /** When the oldest receipt was finished, or {@link Long#MAX_VALUE} when there is none. */
  long oldestFinishedAt() {
    return byId.isEmpty() ? Long.MAX_VALUE : byId.values().iterator().next().finishedAt;
  }

  void clear() {
    byId.clear();
  }
}
