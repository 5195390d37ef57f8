package dev.ironmq.core;

import dev.ironmq.backend.Limits;

/**
 * Limits an operator may change.
 *
 * @param maxMessageBytes the largest message body accepted, in UTF-8 bytes
 * @param pushRetention how long a delivered push message stays readable, with its push statuses
 */
public record EngineSettings(int maxMessageBytes, java.time.Duration pushRetention) {
  public static final java.time.Duration DEFAULT_PUSH_RETENTION = java.time.Duration.ofMinutes(1);

  public static EngineSettings defaults() {
    return new EngineSettings(Limits.DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_PUSH_RETENTION);
  }
}
