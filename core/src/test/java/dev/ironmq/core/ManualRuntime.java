package dev.ironmq.core;

import java.util.ArrayDeque;

/**
 * Runs a shard's tasks on the calling (test) thread, one after another: a task given while another
 * runs waits for it to end. Wake-ups are kept until the test moves the clock past them.
 */
final class ManualRuntime implements ShardRuntime {
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;
  private long wakeUpAt = Long.MAX_VALUE;
  private Runnable tick;

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (running) {
      return;
    }
    running = true;
    try {
      Runnable next;
      while ((next = tasks.poll()) != null) {
        next.run();
      }
    } finally {
      running = false;
    }
  }

  @Override
  public void wakeUpAt(long epochMillis, Runnable tick) {
    this.wakeUpAt = epochMillis;
    this.tick = tick;
  }

  long nextWakeUp() {
    return tick == null ? Long.MAX_VALUE : wakeUpAt;
  }

  /** Runs the shard's tick if its wake-up time has come; true when it did. */
  boolean tickIfDue(long now) {
    if (tick == null || wakeUpAt > now) {
      return false;
    }
    Runnable due = tick;
    tick = null;
    wakeUpAt = Long.MAX_VALUE;
    execute(due);
    return true;
  }
}
