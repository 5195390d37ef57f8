package dev.ironmq.examples.analytics;

import dev.ironmq.client.Queue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The web app: every request goes through the middleware; {@code GET /} shows the counts from
 * Redis; {@code GET /hello} is the static page the siege runs hit; {@code GET /middleware} tells
 * what the middleware has posted.
 */
final class WebApp implements AutoCloseable {
  static final String HELLO = "Hello from the request analytics demo.\n";

  /**
   * The middleware's counters as JSON ({@code mode}, {@code handled}, {@code posted}, {@code
   * failed}), for {@code compare} and operators. Served ahead of the middleware: reading them posts
   * nothing.
   */
  static final String MIDDLEWARE_PATH = "/middleware";

  private final Vertx vertx;
  private final HttpServer server;
  private final RequestLogMiddleware middleware;

  private WebApp(Vertx vertx, HttpServer server, RequestLogMiddleware middleware) {
    this.vertx = vertx;
    this.server = server;
    this.middleware = middleware;
  }

  static WebApp start(int port, RequestLogMiddleware.Mode mode, Queue requests, Counters counters) {
    Vertx vertx = Vertx.vertx();
    RequestLogMiddleware middleware = new RequestLogMiddleware(mode, requests);
    Router router = Router.router(vertx);
    router.get(MIDDLEWARE_PATH).handler(request -> request.json(statsJson(middleware.stats())));
    router.route().handler(middleware);
    router
        .get("/hello")
        .handler(request -> request.response().putHeader("Content-Type", "text/plain").end(HELLO));
    router
        .get("/")
        .handler(
            request ->
                vertx
                    .executeBlocking(() -> page(counters.requests(), counters.userAgents()))
                    .onSuccess(
                        html ->
                            request
                                .response()
                                .putHeader("Content-Type", "text/html; charset=utf-8")
                                .end(html))
                    .onFailure(request::fail));
    HttpServer server =
        await(vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1"));
    return new WebApp(vertx, server, middleware);
  }

  int port() {
    return server.actualPort();
  }

  static JsonObject statsJson(RequestLogMiddleware.Stats stats) {
    return new JsonObject()
        .put("mode", stats.mode().name().toLowerCase(Locale.ROOT))
        .put("handled", stats.handled())
        .put("posted", stats.posted())
        .put("failed", stats.failed());
  }

  static RequestLogMiddleware.Stats stats(JsonObject json) {
    return new RequestLogMiddleware.Stats(
        RequestLogMiddleware.Mode.valueOf(json.getString("mode").toUpperCase(Locale.ROOT)),
        json.getLong("handled"),
        json.getLong("posted"),
        json.getLong("failed"));
  }

  /** Stops serving, then sends what the middleware still holds. */
  @Override
  public void close() {
    await(server.close());
    middleware.close();
    await(vertx.close());
  }

  /** The seed's page, without its bugs: the total, then each user agent's count. */
  static String page(long requests, Map<String, Long> userAgents) {
    StringBuilder html =
        new StringBuilder(
            "<!doctype html>\n<title>Request analytics</title>\n<h1>Request analytics</h1>\n");
    html.append("<p>Requests: <strong id=\"requests\">").append(requests).append("</strong></p>\n");
    html.append("<table>\n<tr><th>User agent</th><th>Requests</th></tr>\n");
    userAgents.forEach(
        (agent, count) ->
            html.append("<tr><td>")
                .append(escape(agent))
                .append("</td><td>")
                .append(count)
                .append("</td></tr>\n"));
    return html.append("</table>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
