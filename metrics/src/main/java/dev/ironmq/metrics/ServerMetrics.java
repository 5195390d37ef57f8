package dev.ironmq.metrics;

import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * The server's metrics, in the Prometheus text format: what each queue holds, parked long polls,
 * push attempts, HTTP requests, and the JVM and process. Made before the backend (whose push
 * transport it wraps), then told of the backend with {@link #watch}.
 */
public final class ServerMetrics implements AutoCloseable {
  /** How many queues get labels of their own, by default. */
  public static final int DEFAULT_MAX_QUEUES = 500;

  /** The content type of {@link #scrape()}'s text. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final QueueLabels labels;
  private final QueueGauges gauges;
  private final RequestMetrics requests;
  private final MessageCounters messages;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private volatile QueueBackend backend;

  /** Metrics labelling at most {@code maxQueues} queues, timed on {@code clock}. */
  public ServerMetrics(int maxQueues, Clock clock) {
    if (maxQueues < 0) {
      throw new IllegalArgumentException("maxQueues must not be negative");
    }
    this.registry =
        new PrometheusMeterRegistry(
            PrometheusConfig.DEFAULT,
            new io.prometheus.metrics.model.registry.PrometheusRegistry(),
            clock);
    this.labels = new QueueLabels(maxQueues);
    this.gauges = new QueueGauges(registry, maxQueues);
    this.requests = new RequestMetrics(registry);
    this.messages = new MessageCounters(registry, labels);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** The transport, timing every push attempt it makes. */
  public PushTransport timing(PushTransport transport) {
    return new PushMetrics(transport, registry, labels);
  }

  /** What a backend tells of messages, counted per queue and event. */
  public MessageEvents messageEvents() {
    return messages;
  }

  /** Reads the backend's queues and parked long polls from now on. */
  public void watch(QueueBackend served) {
    this.backend = served;
    registry.gauge(
        "ironmq.long.polls.parked",
        io.micrometer.core.instrument.Tags.empty(),
        served,
        QueueBackend::parkedReserves);
  }

  public RequestMetrics requests() {
    return requests;
  }

  /** Every metric, the queues read from the backend now. */
  public CompletableFuture<String> scrape() {
    QueueBackend watched = backend;
    CompletableFuture<Void> read =
        watched == null
            ? CompletableFuture.completedFuture(null)
            : watched.queueLoads().thenAccept(gauges::update);
    return read.thenApply(done -> registry.scrape());
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
