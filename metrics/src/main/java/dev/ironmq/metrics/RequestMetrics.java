package dev.ironmq.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * HTTP requests, timed from their arrival to the end of their answer, by method, route (the
 * endpoint's pattern, such as {@code /3/projects/{project}/queues/{queue}/messages}, so that ids do
 * not become labels) and status.
 */
public final class RequestMetrics {
  /** The route of a request that matched no endpoint. */
  public static final String NO_ROUTE = "unmatched";

  private final MeterRegistry registry;

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Starts timing a request. */
  public Timer.Sample start() {
    return Timer.start(registry);
  }

  /** Ends timing a request once its answer is sent. */
  public void stop(Timer.Sample started, String method, String route, int status) {
    started.stop(
        Timer.builder("ironmq.http.requests")
            .description("HTTP requests, from arrival to the end of the answer")
            .tag("method", method)
            .tag("route", route)
            .tag("status", Integer.toString(status))
            .serviceLevelObjectives(Buckets.LATENCY)
            .register(registry));
  }
}
