package dev.ironmq.store;

/**
 * The stored data is damaged: using it as it is would lose or change data that was acknowledged.
 * The message is meant for an operator, in one line: which file, what is at stake, and what to do.
 */
public final class StoreDamagedException extends RuntimeException {
  public StoreDamagedException(String message) {
    super(message);
  }

  public StoreDamagedException(String message, Throwable cause) {
    super(message, cause);
  }
}
