package dev.ironmq.core;

/**
 * Limits an operator may change.
 *
 * @param maxMessageBytes the largest message body accepted, in UTF-8 bytes
 */
public record EngineSettings(int maxMessageBytes) {
  public static EngineSettings defaults() {
    return new EngineSettings(Limits.DEFAULT_MAX_MESSAGE_BYTES);
  }
}
