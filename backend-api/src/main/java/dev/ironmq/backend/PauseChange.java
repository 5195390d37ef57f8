package dev.ironmq.backend;

import java.util.Optional;

/**
 * A pause or a resume: each part named is set, the other left as it is.
 *
 * @param reserve whether reserving is paused from now on, when named
 * @param push whether push deliveries are paused from now on, when named
 */
public record PauseChange(Optional<Boolean> reserve, Optional<Boolean> push) {
  /** The pause after this change. */
  public QueuePause applyTo(QueuePause current) {
    return new QueuePause(reserve.orElse(current.reserve()), push.orElse(current.push()));
  }
}
