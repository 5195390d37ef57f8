package dev.ironmq.backend;

import java.util.List;

/**
 * How a push queue delivers its messages.
 *
 * @param subscribers at least one, in the order they were added
 * @param retries attempts after the first one, per subscriber (multicast) or per round (unicast)
 * @param retriesDelaySeconds the pause before a retry, and the time a 202 answer holds a delivery
 * @param errorQueue where exhausted deliveries are reported; empty for none
 */
public record PushPolicy(
    List<Subscriber> subscribers, int retries, int retriesDelaySeconds, String errorQueue) {
  public PushPolicy {
    subscribers = List.copyOf(subscribers);
  }
}
