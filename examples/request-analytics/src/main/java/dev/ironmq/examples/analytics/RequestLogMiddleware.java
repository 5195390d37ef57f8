package dev.ironmq.examples.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ironmq.client.BatchingProducer;
import dev.ironmq.client.Queue;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's middleware: posts the request's headers, named as Django names them ({@code
 * HTTP_USER_AGENT}...), as one JSON message to the queue {@code requests}, then lets the request go
 * on.
 */
final class RequestLogMiddleware implements Handler<RoutingContext>, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the middleware posts. */
  enum Mode {
    /** It does not: the baseline. */
    OFF,
    /** One post per request, and the request waits for it, as in the seed. */
    SYNC,
    /**
     * Through the batching producer: the request goes on at once and the message joins the next
     * batch (a web app that crashes loses the few milliseconds of messages not yet sent).
     */
    BATCHED
  }

  private final Mode mode;
  private final Queue requests;
  private final BatchingProducer producer;
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong posted = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  RequestLogMiddleware(Mode mode, Queue requests) {
    this.mode = mode;
    this.requests = requests;
    this.producer =
        mode == Mode.BATCHED ? requests.producer(BatchingProducer.Options.defaults()) : null;
  }

  /**
   * What the middleware has done so far.
   *
   * @param mode how it posts
   * @param handled requests it took a message from
   * @param posted messages the server accepted
   * @param failed messages that could not be posted
   */
  record Stats(Mode mode, long handled, long posted, long failed) {
    /** Messages taken but not yet accepted or failed: the batching producer's buffer. */
    long pending() {
      return handled - posted - failed;
    }
  }

  @Override
  public void handle(RoutingContext request) {
    if (mode != Mode.OFF) {
      handled.incrementAndGet();
    }
    switch (mode) {
      case OFF -> request.next();
      case SYNC -> {
        Context context = request.vertx().getOrCreateContext();
        requests
            .postAsync(headers(request))
            .whenComplete(
                (id, failure) -> {
                  tally(failure);
                  context.runOnContext(v -> request.next());
                });
      }
      case BATCHED -> {
        producer.offer(headers(request)).whenComplete((id, failure) -> tally(failure));
        request.next();
      }
    }
  }

  private void tally(Throwable failure) {
    if (failure == null) {
      posted.incrementAndGet();
    } else {
      failures.incrementAndGet();
    }
  }

  Stats stats() {
    // read before handled, so that a message settling meanwhile never makes pending negative
    long accepted = posted.get();
    long failed = failures.get();
    return new Stats(mode, handled.get(), accepted, failed);
  }

  /** Sends what the producer still holds. */
  @Override
  public void close() {
    if (producer != null) {
      producer.close();
    }
  }

  /** The request's headers as Django's {@code request.META} has them: {@code HTTP_*} keys. */
  static String headers(RoutingContext request) {
    Map<String, String> headers = new TreeMap<>();
    request
        .request()
        .headers()
        .forEach(
            header -> {
              String name = header.getKey().toUpperCase(Locale.ROOT).replace('-', '_');
              if (!name.equals("CONTENT_TYPE") && !name.equals("CONTENT_LENGTH")) {
                headers.merge("HTTP_" + name, header.getValue(), (a, b) -> a + "," + b);
              }
            });
    try {
      return JSON.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
