package dev.ironmq.core;

/**
 * The thread a shard runs on, supplied by whoever hosts the engine: an event loop in the server,
 * the test's own thread in unit tests.
 */
public interface ShardRuntime {
  /** Runs a task on the shard's thread, after the tasks given before it. */
  void execute(Runnable task);

  /**
   * Arranges for {@code tick} to be executed on the shard's thread at, or soon after, the given
   * epoch millisecond. A new request replaces the previous one.
   */
  void wakeUpAt(long epochMillis, Runnable tick);
}
