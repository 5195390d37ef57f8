package dev.ironmq.it;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A push subscriber on a free port, answering by path: {@code /ok} 200, {@code /accepted} 202,
 * {@code /unavailable} 503, {@code /slow} 200 after two seconds, {@code /silent} never, and {@code
 * /flaky} 503 until {@link #heal()} then 200, {@code /first-silent} never the first time then 200.
 * It records every request.
 */
final class TestSubscriber implements AutoCloseable {
  /** A request the subscriber received. */
  record Received(String path, MultiMap headers, String body) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile boolean healed;
  private final java.util.concurrent.atomic.AtomicBoolean silentOnce =
      new java.util.concurrent.atomic.AtomicBoolean();

  TestSubscriber() {
    try {
      server =
          vertx
              .createHttpServer()
              .requestHandler(this::answer)
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  void heal() {
    healed = true;
  }

  List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void answer(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              received.add(new Received(request.path(), request.headers(), body.toString()));
              switch (request.path()) {
                case "/ok" -> request.response().setStatusCode(200).end();
                case "/accepted" -> request.response().setStatusCode(202).end();
                case "/unavailable" -> request.response().setStatusCode(503).end();
                case "/slow" ->
                    vertx.setTimer(2000, id -> request.response().setStatusCode(200).end());
                case "/silent" -> {}
                case "/flaky" -> request.response().setStatusCode(healed ? 200 : 503).end();
                case "/first-silent" -> {
                  if (silentOnce.getAndSet(true)) {
                    request.response().setStatusCode(200).end();
                  }
                }
                default -> request.response().setStatusCode(404).end();
              }
            });
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
