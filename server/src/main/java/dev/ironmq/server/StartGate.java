package dev.ironmq.server;

import dev.ironmq.http.HttpApi;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The request handler of a server that listens before its store is open: requests that arrive while
 * it starts are held, unread, and handed to the API once it is ready, so that the first answer a
 * client gets is already a real one. A start that fails answers them 503.
 *
 * <p>Listening first means that a port already in use ends a start before anything is written: no
 * store directory, no admin token, no {@code iron.json} pointing at another server.
 *
 * <p>Thread: requests arrive on event loops; {@link #open} and {@link #fail} run on the starting
 * thread. The held list is guarded by this object.
 */
final class StartGate implements Handler<HttpServerRequest> {
  /** A request that arrived too early, with the event loop it arrived on. */
  private record Held(HttpServerRequest request, Context context) {}

  private final List<Held> held = new ArrayList<>();
  private volatile HttpApi api;
  private boolean failed;

  @Override
  public void handle(HttpServerRequest request) {
    HttpApi ready = api;
    if (ready != null) {
      ready.handle(request);
      return;
    }
    synchronized (this) {
      if (api == null && !failed) {
        request.pause();
        held.add(new Held(request, Vertx.currentContext()));
        return;
      }
    }
    if (api != null) {
      api.handle(request);
    } else {
      HttpApi.refuseWhileStarting(request);
    }
  }

  /** Starts serving: held requests go to the API first, each on its own event loop. */
  void open(HttpApi ready) {
    List<Held> waiting;
    synchronized (this) {
      api = ready;
      waiting = List.copyOf(held);
      held.clear();
    }
    for (Held early : waiting) {
      early
          .context()
          .runOnContext(
              v -> {
                ready.handle(early.request());
                early.request().resume();
              });
    }
  }

  /** The start failed: held requests are answered 503. */
  void fail() {
    List<Held> waiting;
    synchronized (this) {
      failed = true;
      waiting = List.copyOf(held);
      held.clear();
    }
    for (Held early : waiting) {
      early.context().runOnContext(v -> HttpApi.refuseWhileStarting(early.request()));
    }
  }
}
