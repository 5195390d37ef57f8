package dev.ironmq.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP requests, timed from their arrival to the end of their answer, by method, route (the
 * endpoint's pattern, such as {@code /3/projects/{project}/queues/{queue}/messages}, so that ids do
 * not become labels) and status. A timer is looked up once per method, route and status, then kept:
 * a request costs a clock read at each end and an add.
 */
public final class RequestMetrics {
  /** The route of a request that matched no endpoint. */
  public static final String NO_ROUTE = "unmatched";

  /** Times nothing. */
  public static final RequestMetrics NONE = new RequestMetrics(null);

  /** A request being timed. */
  public interface Ongoing {
    /** Ends timing a request once its answer is sent. */
    void end(String method, String route, int status);
  }

  private record Key(String method, String route, int status) {}

  private static final Ongoing UNTIMED = (method, route, status) -> {};

  private final MeterRegistry registry;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Starts timing a request. */
  public Ongoing start() {
    if (registry == null) {
      return UNTIMED;
    }
    Timer.Sample started = Timer.start(registry);
    return (method, route, status) ->
        started.stop(timers.computeIfAbsent(new Key(method, route, status), this::timer));
  }

  private Timer timer(Key key) {
    return Timer.builder("ironmq.http.requests")
        .description("HTTP requests, from arrival to the end of the answer")
        .tag("method", key.method())
        .tag("route", key.route())
        .tag("status", Integer.toString(key.status()))
        .serviceLevelObjectives(Buckets.LATENCY)
        .register(registry);
  }
}
