package dev.ironmq.metrics;

import dev.ironmq.backend.CommitObserver;
import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * The server's metrics, in the Prometheus text format: what each queue holds, what happens to
 * messages, parked long polls, push attempts, HTTP requests, and the JVM and process. Made before
 * the backend (whose push transport it wraps and whose message events it counts), then told of the
 * backend with {@link #watch}. {@link #disabled()} measures nothing and costs nothing.
 */
public final class ServerMetrics implements AutoCloseable {
  /** How many queues get labels of their own, by default. */
  public static final int DEFAULT_MAX_QUEUES = 500;

  /** The content type of {@link #scrape()}'s text. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Measuring measuring;

  /** What is measured, when metrics are on. */
  private record Measuring(
      PrometheusMeterRegistry registry,
      QueueLabels labels,
      QueueGauges gauges,
      RequestMetrics requests,
      MessageCounters messages,
      CommitMetrics commits,
      JvmGcMetrics gc) {}

  private volatile QueueBackend backend;

  private ServerMetrics(Measuring measuring) {
    this.measuring = measuring;
  }

  /** Metrics labelling at most {@code maxQueues} queues, timed on {@code clock}. */
  public ServerMetrics(int maxQueues, Clock clock) {
    this(measuring(maxQueues, clock));
  }

  /** No metrics: nothing is measured, and {@code /metrics} is not served. */
  public static ServerMetrics disabled() {
    return new ServerMetrics((Measuring) null);
  }

  private static Measuring measuring(int maxQueues, Clock clock) {
    if (maxQueues < 0) {
      throw new IllegalArgumentException("maxQueues must not be negative");
    }
    PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
    QueueLabels labels = new QueueLabels(maxQueues);
    JvmGcMetrics gc = new JvmGcMetrics();
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return new Measuring(
        registry,
        labels,
        new QueueGauges(registry, maxQueues),
        new RequestMetrics(registry),
        new MessageCounters(registry, labels),
        new CommitMetrics(registry),
        gc);
  }

  public boolean enabled() {
    return measuring != null;
  }

  /** The transport, timing every push attempt it makes. */
  public PushTransport timing(PushTransport transport) {
    return enabled()
        ? new PushMetrics(transport, measuring.registry(), measuring.labels())
        : transport;
  }

  /** What a backend tells of messages, counted per queue and event. */
  public MessageEvents messageEvents() {
    return enabled() ? measuring.messages() : MessageEvents.NONE;
  }

  /** What the store tells of its commits, timed and sized. */
  public CommitObserver commits() {
    return enabled() ? measuring.commits() : CommitObserver.NONE;
  }

  public RequestMetrics requests() {
    return enabled() ? measuring.requests() : RequestMetrics.NONE;
  }

  /** Reads the backend's queues and parked long polls from now on. */
  public void watch(QueueBackend served) {
    this.backend = served;
    if (enabled()) {
      measuring
          .registry()
          .gauge("ironmq.long.polls.parked", Tags.empty(), served, QueueBackend::parkedReserves);
    }
  }

  /** Every metric, the queues read from the backend now. */
  public CompletableFuture<String> scrape() {
    if (!enabled()) {
      return CompletableFuture.failedFuture(new IllegalStateException("metrics are off"));
    }
    QueueBackend watched = backend;
    CompletableFuture<Void> read =
        watched == null
            ? CompletableFuture.completedFuture(null)
            : watched.queueLoads().thenAccept(measuring.gauges()::update);
    return read.thenApply(done -> measuring.registry().scrape());
  }

  @Override
  public void close() {
    if (enabled()) {
      measuring.gc().close();
      measuring.registry().close();
    }
  }
}
