package dev.ironmq.backend;

/**
 * Whether a backend serves: everything, reads only (its storage refuses writes for now), or
 * nothing.
 *
 * @param status which of the three
 * @param message why, for an operator; empty when all is well
 */
public record BackendHealth(Status status, String message) {
  /** How much a backend serves. */
  public enum Status {
    OK,
    READ_ONLY,
    UNAVAILABLE
  }

  private static final BackendHealth OK = new BackendHealth(Status.OK, "");

  public static BackendHealth ok() {
    return OK;
  }

  public static BackendHealth readOnly(String why) {
    return new BackendHealth(Status.READ_ONLY, why);
  }

  public static BackendHealth unavailable(String why) {
    return new BackendHealth(Status.UNAVAILABLE, why);
  }

  public boolean isOk() {
    return status == Status.OK;
  }
}
