package dev.ironmq.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code --access-log on}: one JSON line per request, once its answer is sent: when it arrived,
 * method (as routed, after any {@code X-HTTP-Method-Override}), route (the endpoint's pattern),
 * project and queue, status, milliseconds from arrival to the end of the answer, bytes read and
 * written, and the client's address. Never the token, and never the query string (a token may ride
 * there as {@code oauth=}).
 */
public final class AccessLog {
  private final InstantSource clock;
  private final LongSupplier nanoTime;
  private final Consumer<String> lines;

  /**
   * A log on {@code clock} (for the time of each request) and {@code nanoTime} (for its duration),
   * writing each line to {@code lines}.
   */
  public AccessLog(InstantSource clock, LongSupplier nanoTime, Consumer<String> lines) {
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.lines = lines;
  }

  /** A request that arrived now. */
  Entry start(HttpServerRequest request) {
    return new Entry(request, clock.millis(), nanoTime.getAsLong());
  }

  /** One request being logged. */
  final class Entry {
    private final HttpServerRequest request;
    private final long arrivedAt;
    private final long startedNanos;

    private Entry(HttpServerRequest request, long arrivedAt, long startedNanos) {
      this.request = request;
      this.arrivedAt = arrivedAt;
      this.startedNanos = startedNanos;
    }

    /** Writes the line, once the answer is sent; {@code params} are the route's, decoded. */
    void end(String method, String route, Map<String, String> params) {
      double millis = (nanoTime.getAsLong() - startedNanos) / 1e6;
      SocketAddress client = request.remoteAddress();
      lines.accept(
          Json.render(
                  json -> {
                    json.writeStartObject();
                    json.writeStringField(
                        "time", java.time.Instant.ofEpochMilli(arrivedAt).toString());
                    json.writeStringField("method", method);
                    json.writeStringField("route", route);
                    if (params.containsKey("project")) {
                      json.writeStringField("project", params.get("project"));
                    }
                    if (params.containsKey("queue")) {
                      json.writeStringField("queue", params.get("queue"));
                    }
                    json.writeNumberField("status", request.response().getStatusCode());
                    json.writeNumberField("ms", Math.round(millis * 1000) / 1000.0);
                    json.writeNumberField("bytes_in", request.bytesRead());
                    json.writeNumberField("bytes_out", request.response().bytesWritten());
                    json.writeStringField(
                        "client",
                        client == null
                            ? ""
                            : client.host() != null
                                ? client.host()
                                : String.valueOf(client.path()));
                    json.writeEndObject();
                  })
              .toString(StandardCharsets.UTF_8));
    }
  }
}
