package dev.ironmq.bench.ironmq;

import dev.ironmq.bench.LoadDriver;
import dev.ironmq.bench.Measurement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Push throughput and latency: a multicast queue pushing to two HTTP subscribers served by this
 * process and to one {@code ironmq:///} queue. Each message body is the time it was posted, so a
 * subscriber knows how long it took to arrive. Measures the saturated rate of HTTP deliveries (and,
 * meanwhile, the copies the queue subscriber made), then the post-to-delivery latency at half that
 * rate.
 */
public final class PushScenario {
  /**
   * The outcome.
   *
   * @param saturated HTTP deliveries at the highest post rate, with their latency
   * @param queueCopies copies made by the queue subscriber during the saturated run
   * @param posts the posts during the saturated run
   * @param halfRate HTTP deliveries with posts at half the saturated rate, with their latency
   */
  public record Result(
      Measurement saturated, Measurement queueCopies, Measurement posts, Measurement halfRate) {}

  /** What one measured window saw. */
  private record Window(Measurement deliveries, Measurement copies, Measurement posts) {}

  private final Vertx vertx;
  private final IronMqClient client;
  private final Duration warmup;
  private final Duration window;
  private final AtomicBoolean measuring = new AtomicBoolean();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong posted = new AtomicLong();
  private final Recorder latency = new Recorder(60_000_000L, 3);

  public PushScenario(Vertx vertx, IronMqClient client, Duration warmup, Duration window) {
    this.vertx = vertx;
    this.client = client;
    this.warmup = warmup;
    this.window = window;
  }

  public Result run(int connections) {
    HttpServer subscriber =
        LoadDriver.await(
            vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .body()
                            .onSuccess(
                                body -> {
                                  arrived(body.toString());
                                  request.response().setStatusCode(200).end();
                                }))
                .listen(0, "127.0.0.1"));
    String base = "http://127.0.0.1:" + subscriber.actualPort();
    String queue = "push-" + System.nanoTime();
    String copies = queue + "-copies";
    try {
      LoadDriver.await(
          client.createPushQueue(queue, List.of(base + "/a", base + "/b", "ironmq:///" + copies)));
      LoadDriver.await(client.postOne(queue, "0"));
      Window saturated = measure(running -> closedLoop(queue, connections, running), copies);
      double halfRate = saturated.posts().messagesPerSecond() / 2;
      Window half = measure(running -> fixedRate(queue, halfRate, running), copies);
      return new Result(
          saturated.deliveries(), saturated.copies(), saturated.posts(), half.deliveries());
    } finally {
      LoadDriver.await(subscriber.close());
    }
  }

  /** Starts the load, then counts what arrives between the end of the warm-up and the window's. */
  private Window measure(Consumer<AtomicBoolean> load, String copies) {
    AtomicBoolean running = new AtomicBoolean(true);
    load.accept(running);
    LoadDriver.sleep(warmup);
    long copiesAtStart = LoadDriver.await(client.size(copies));
    latency.reset();
    delivered.set(0);
    posted.set(0);
    long started = System.nanoTime();
    measuring.set(true);
    LoadDriver.sleep(window);
    measuring.set(false);
    double seconds = (System.nanoTime() - started) / 1e9;
    long copiesMade = LoadDriver.await(client.size(copies)) - copiesAtStart;
    running.set(false);
    Histogram histogram = latency.getIntervalHistogram();
    LoadDriver.sleep(Duration.ofSeconds(2));
    return new Window(
        new Measurement(delivered.get(), delivered.get(), 0, seconds, histogram),
        new Measurement(copiesMade, copiesMade, 0, seconds, new Histogram(3)),
        new Measurement(posted.get(), posted.get(), 0, seconds, new Histogram(3)));
  }

  private void closedLoop(String queue, int connections, AtomicBoolean running) {
    for (int i = 0; i < connections; i++) {
      vertx.runOnContext(v -> postLoop(queue, running));
    }
  }

  private void postLoop(String queue, AtomicBoolean running) {
    if (running.get()) {
      post(queue).onComplete(done -> postLoop(queue, running));
    }
  }

  private void fixedRate(String queue, double perSecond, AtomicBoolean running) {
    new LoadDriver(vertx, warmup, window).pace(perSecond, due -> post(queue), running);
  }

  private Future<String> post(String queue) {
    return client
        .postOne(queue, Long.toString(System.nanoTime()))
        .onSuccess(
            id -> {
              if (measuring.get()) {
                posted.incrementAndGet();
              }
            });
  }

  private void arrived(String body) {
    if (!measuring.get()) {
      return;
    }
    long postedAt = Long.parseLong(body);
    if (postedAt > 0) {
      latency.recordValue(Math.max(1, (System.nanoTime() - postedAt) / 1000));
      delivered.incrementAndGet();
    }
  }
}
