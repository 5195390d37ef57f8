package dev.ironmq.server;

import dev.ironmq.metrics.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code --metrics-port}: {@code GET /metrics} with no token, on 127.0.0.1 only, so that a
 * Prometheus on the same machine (or a sidecar) scrapes without holding a token. Nothing else is
 * served there.
 */
final class MetricsListener {
  static final String HOST = "127.0.0.1";

  private MetricsListener() {}

  static Future<HttpServer> listen(Vertx vertx, ServerMetrics metrics, int port) {
    return vertx
        .createHttpServer(new HttpServerOptions().setCompressionSupported(false))
        .requestHandler(request -> answer(request, metrics))
        .listen(port, HOST);
  }

  private static void answer(HttpServerRequest request, ServerMetrics metrics) {
    if (!request.path().equals("/metrics")) {
      request
          .response()
          .setStatusCode(404)
          .putHeader("Content-Type", "application/json")
          .end("{\"msg\":\"Only /metrics is served on this port\"}");
      return;
    }
    if (request.method() != HttpMethod.GET) {
      request
          .response()
          .setStatusCode(405)
          .putHeader("Content-Type", "application/json")
          .putHeader("Allow", "GET")
          .end("{\"msg\":\"" + request.method().name() + " is not supported here; use GET\"}");
      return;
    }
    metrics
        .scrape()
        .whenComplete(
            (text, failure) -> {
              if (failure != null) {
                request
                    .response()
                    .setStatusCode(503)
                    .putHeader("Content-Type", "application/json")
                    .end("{\"msg\":\"The queues could not be read for metrics\"}");
              } else {
                request.response().putHeader("Content-Type", ServerMetrics.CONTENT_TYPE).end(text);
              }
            });
  }
}
