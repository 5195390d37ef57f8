package dev.ironmq.server;

import dev.ironmq.core.ShardRuntime;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.InstantSource;

/**
 * A shard hosted on one Vert.x event-loop context: tasks run in order on that context, and one
 * Vert.x timer at a time stands for the shard's next wake-up. The same context serves HTTP
 * connections, so work for a queue owned by the connection's own loop never changes threads.
 */
final class VertxShardRuntime implements ShardRuntime {
  private final Vertx vertx;
  private final Context context;
  private final InstantSource clock;
  private long timerId = -1;

  VertxShardRuntime(Vertx vertx, Context context, InstantSource clock) {
    this.vertx = vertx;
    this.context = context;
    this.clock = clock;
  }

  Context context() {
    return context;
  }

  @Override
  public void execute(Runnable task) {
    context.runOnContext(v -> task.run());
  }

  /** Called on the shard's context (from a task), so the timer fires on it too. */
  @Override
  public void wakeUpAt(long epochMillis, Runnable tick) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    long delay = Math.max(1, epochMillis - clock.millis());
    timerId =
        vertx.setTimer(
            delay,
            id -> {
              timerId = -1;
              tick.run();
            });
  }
}
