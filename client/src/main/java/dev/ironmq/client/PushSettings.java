package dev.ironmq.client;

import java.util.List;

/**
 * A push queue's delivery settings.
 *
 * @param subscribers where messages go
 * @param retries attempts after the first for each subscriber (null: the server's default, 3)
 * @param retriesDelay seconds between attempts (null: the server's default, 60)
 * @param errorQueue the queue that gets a report of each delivery that failed for good (null: none)
 */
public record PushSettings(
    List<Subscriber> subscribers, Integer retries, Integer retriesDelay, String errorQueue) {
  public PushSettings {
    subscribers = subscribers == null ? List.of() : List.copyOf(subscribers);
  }

  public static PushSettings to(Subscriber... subscribers) {
    return new PushSettings(List.of(subscribers), null, null, null);
  }

  public PushSettings withRetries(int retries, int retriesDelaySeconds) {
    return new PushSettings(subscribers, retries, retriesDelaySeconds, errorQueue);
  }

  public PushSettings withErrorQueue(String queue) {
    return new PushSettings(subscribers, retries, retriesDelay, queue);
  }
}
