package dev.ironmq.backend;

/**
 * What of a queue is paused: reserves answer no messages, or push deliveries wait. Posts are always
 * accepted, and what is already reserved or being delivered finishes as usual.
 *
 * @param reserve reserves find nothing (long polls wait) until resumed
 * @param push no delivery attempt starts until resumed
 */
public record QueuePause(boolean reserve, boolean push) {
  /** Nothing paused. */
  public static final QueuePause NONE = new QueuePause(false, false);

  public boolean any() {
    return reserve || push;
  }
}
