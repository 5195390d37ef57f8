package dev.ironmq.store;

/**
 * The stored data is damaged: using it as it is would lose or change data that was acknowledged.
 * The message is meant for an operator, in one line: which file, what is at stake, and what to do.
 */
public final class JournalDamagedException extends RuntimeException {
  public JournalDamagedException(String message) {
    super(message);
  }

  public JournalDamagedException(String message, Throwable cause) {
    super(message, cause);
  }
}
