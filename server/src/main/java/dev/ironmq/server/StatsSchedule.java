package dev.ironmq.server;

import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.metrics.StatsCollector;
import io.vertx.core.Vertx;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each queue's minute into its history as the minute ends, on a Vert.x timer set for the
 * next minute's start. What a minute counts is what was counted between two timers; the minute a
 * server stops in is not recorded.
 */
final class StatsSchedule {
  private static final Logger log = LoggerFactory.getLogger(StatsSchedule.class);
  private static final long MINUTE = StatsStep.MINUTE.millis();

  private final Vertx vertx;
  private final InstantSource clock;
  private final StatsCollector collector;
  private final QueueBackend backend;
  private long timer = -1;
  private boolean stopped;

  StatsSchedule(Vertx vertx, InstantSource clock, StatsCollector collector, QueueBackend backend) {
    this.vertx = vertx;
    this.clock = clock;
    this.collector = collector;
    this.backend = backend;
  }

  synchronized void start() {
    if (stopped) {
      return;
    }
    long now = clock.millis();
    long next = StatsStep.MINUTE.periodOf(now) + MINUTE;
    timer = vertx.setTimer(Math.max(1, next - now), id -> recordEndedMinute());
  }

  private void recordEndedMinute() {
    long minute = StatsStep.MINUTE.periodOf(clock.millis()) - MINUTE;
    collector
        .record(backend, minute)
        .whenComplete(
            (done, error) -> {
              if (error != null) {
                log.warn(
                    "The queues' history of the last minute was not recorded: {}",
                    error.getMessage());
              }
              start();
            });
  }

  synchronized void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }
}
