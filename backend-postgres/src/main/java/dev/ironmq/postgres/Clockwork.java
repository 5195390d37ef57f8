package dev.ironmq.postgres;

/**
 * When the backend's own work runs: at a moment of its clock (a parked reserve's end, a push
 * attempt falling due) and every so often (to see what other nodes scheduled). Vert.x timers in the
 * server; in tests, a clock the test moves.
 */
public interface Clockwork {
  /** Epoch milliseconds now. */
  long now();

  /** Runs {@code action} at, or soon after, {@code epochMillis}; cancelled by the handle. */
  Cancellable at(long epochMillis, Runnable action);

  /** Something scheduled that may be called off. */
  interface Cancellable {
    void cancel();
  }
}
