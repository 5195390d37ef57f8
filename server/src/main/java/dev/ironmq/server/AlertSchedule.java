package dev.ironmq.server;

import dev.ironmq.backend.QueueBackend;
import dev.ironmq.metrics.PushRates;
import io.vertx.core.Vertx;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the age and failure-rate alerts every few seconds ({@link QueueBackend#checkAlerts}), with
 * the subscribers' attempts of the last minute. A check starts only once the one before it ended.
 */
final class AlertSchedule {
  static final long PERIOD_MILLIS = 5_000;
  private static final Logger log = LoggerFactory.getLogger(AlertSchedule.class);

  private final Vertx vertx;
  private final InstantSource clock;
  private final PushRates rates;
  private final QueueBackend backend;
  private long timer = -1;
  private boolean stopped;

  AlertSchedule(Vertx vertx, InstantSource clock, PushRates rates, QueueBackend backend) {
    this.vertx = vertx;
    this.clock = clock;
    this.rates = rates;
    this.backend = backend;
  }

  synchronized void start() {
    if (!stopped) {
      timer = vertx.setTimer(PERIOD_MILLIS, id -> check());
    }
  }

  private void check() {
    backend
        .checkAlerts(rates.lastMinute(clock.millis()))
        .whenComplete(
            (done, error) -> {
              if (error != null) {
                log.warn("Age and failure-rate alerts were not checked: {}", error.getMessage());
              }
              start();
            });
  }

  synchronized void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }
}
