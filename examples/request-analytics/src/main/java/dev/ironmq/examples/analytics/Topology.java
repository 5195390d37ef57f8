package dev.ironmq.examples.analytics;

import dev.ironmq.client.IronMq;
import dev.ironmq.client.IronMqConfig;
import dev.ironmq.client.IronMqException;
import dev.ironmq.client.PushSettings;
import dev.ironmq.client.QueueSettings;
import dev.ironmq.client.QueueType;
import dev.ironmq.client.Subscriber;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The queues of the seed's two architectures. In the first, the web app posts to the pull queue
 * {@code requests} and the request worker reads it. In the second, {@code requests} is a multicast
 * push queue that copies every message to {@code all_requests} (the request worker's) and {@code
 * ua_requests} (the user-agent worker's).
 */
final class Topology {
  static final String REQUESTS = "requests";
  static final String ALL_REQUESTS = "all_requests";
  static final String UA_REQUESTS = "ua_requests";

  /** The seed's first architecture (one pull queue) or its second (a push queue and two). */
  enum Architecture {
    ONE,
    TWO;

    static Architecture of(int number) {
      return switch (number) {
        case 1 -> ONE;
        case 2 -> TWO;
        default -> throw new IllegalArgumentException("architecture 1 or 2, not " + number);
      };
    }

    int number() {
      return ordinal() + 1;
    }

    /** The queue the request worker reads. */
    String requestQueue() {
      return this == ONE ? REQUESTS : ALL_REQUESTS;
    }
  }

  /** How {@code requests} reaches its two queues in the second architecture. */
  enum Subscribers {
    /** Each queue's webhook URL, as a third-party HTTP subscriber would be. */
    WEBHOOK,
    /** {@code ironmq:///queue}: copied inside the server. */
    IRONMQ
  }

  private Topology() {}

  /** Deletes the demo's queues and makes them again for this architecture, empty. */
  static void apply(IronMq mq, Architecture architecture, Subscribers subscribers) {
    for (String queue : List.of(REQUESTS, ALL_REQUESTS, UA_REQUESTS)) {
      try {
        mq.queue(queue).deleteQueue();
      } catch (IronMqException.NotFoundException absent) {
        // nothing to delete
      }
    }
    if (architecture == Architecture.ONE) {
      mq.queue(REQUESTS).create(QueueSettings.defaults());
      return;
    }
    mq.queue(ALL_REQUESTS).create(QueueSettings.defaults());
    mq.queue(UA_REQUESTS).create(QueueSettings.defaults());
    mq.queue(REQUESTS)
        .create(
            QueueSettings.push(
                QueueType.MULTICAST,
                PushSettings.to(
                    Subscriber.of(
                        ALL_REQUESTS, subscriberUrl(mq.config(), ALL_REQUESTS, subscribers)),
                    Subscriber.of(
                        UA_REQUESTS, subscriberUrl(mq.config(), UA_REQUESTS, subscribers)))));
  }

  private static String subscriberUrl(IronMqConfig config, String queue, Subscribers subscribers) {
    if (subscribers == Subscribers.IRONMQ) {
      return "ironmq:///" + queue;
    }
    return config.baseUri()
        + "/3/projects/"
        + config.projectId()
        + "/queues/"
        + queue
        + "/webhook?oauth="
        + URLEncoder.encode(config.token(), StandardCharsets.UTF_8);
  }
}
