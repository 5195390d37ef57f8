package dev.ironmq.postgres;

import io.vertx.core.Vertx;
import java.time.InstantSource;

/** A {@link Clockwork} on Vert.x timers and the server's clock. */
public final class VertxClockwork implements Clockwork {
  private final Vertx vertx;
  private final InstantSource clock;

  public VertxClockwork(Vertx vertx, InstantSource clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  @Override
  public long now() {
    return clock.millis();
  }

  @Override
  public Cancellable at(long epochMillis, Runnable action) {
    long delay = Math.max(1, epochMillis - clock.millis());
    long timer = vertx.setTimer(delay, id -> action.run());
    return () -> vertx.cancelTimer(timer);
  }
}
