package dev.ironmq.postgres;

/** The database cannot be reached or prepared; the message says which database and why. */
public final class PostgresUnavailableException extends RuntimeException {
  public PostgresUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
