package dev.ironmq.store;

/** A write failed because the disk is full: it may succeed once space is freed. */
public final class JournalFullException extends JournalException {
  public JournalFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
