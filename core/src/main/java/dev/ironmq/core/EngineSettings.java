package dev.ironmq.core;

import dev.ironmq.backend.Limits;
import dev.ironmq.backend.MessageEvents;
import java.time.Duration;

/**
 * Limits an operator may change, and who hears what happens to messages.
 *
 * @param maxMessageBytes the largest message body accepted, in UTF-8 bytes
 * @param pushRetention how long a delivered push message stays readable, with its push statuses
 * @param events told of posts, reserves, deletes, releases, timeouts, expiries and dead letters
 */
public record EngineSettings(int maxMessageBytes, Duration pushRetention, MessageEvents events) {
  public static final Duration DEFAULT_PUSH_RETENTION = Duration.ofMinutes(1);

  /** Settings that tell nobody of message events. */
  public EngineSettings(int maxMessageBytes, Duration pushRetention) {
    this(maxMessageBytes, pushRetention, MessageEvents.NONE);
  }

  public static EngineSettings defaults() {
    return new EngineSettings(Limits.DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_PUSH_RETENTION);
  }
}
