package dev.ironmq.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a size limit and within a time limit.
 *
 * <p>A body over the limit is refused at once (413), but the rest of it is still read and thrown
 * away, up to {@link #DISCARD_LIMIT_FACTOR} times the limit: closing the connection while the
 * client is still sending would make its kernel drop our answer, and the client would see a reset
 * instead of a 413. A client that keeps sending past that, or stalls, has its connection closed.
 */
final class BodyReader {
  static final int DISCARD_LIMIT_FACTOR = 4;

  private enum State {
    READING,
    DISCARDING,
    DONE
  }

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpSettings settings;
  private final Handler<Buffer> onBody;
  private final Handler<WireProblem> onProblem;
  private Buffer body;
  private long discarded;
  private State state = State.READING;
  private long timer;

  private BodyReader(
      Vertx vertx,
      HttpServerRequest request,
      HttpSettings settings,
      Handler<Buffer> onBody,
      Handler<WireProblem> onProblem) {
    this.vertx = vertx;
    this.request = request;
    this.settings = settings;
    this.onBody = onBody;
    this.onProblem = onProblem;
  }

  /**
   * Reads the body, then calls {@code onBody}; or calls {@code onProblem} once, with a problem that
   * the caller answers (without closing the connection: the reader closes it when needed).
   */
  static void read(
      Vertx vertx,
      HttpServerRequest request,
      HttpSettings settings,
      Handler<Buffer> onBody,
      Handler<WireProblem> onProblem) {
    new BodyReader(vertx, request, settings, onBody, onProblem).start();
  }

  private void start() {
    long declared = declaredLength();
    body = Buffer.buffer(declared < 0 ? 256 : (int) Math.min(64 * 1024, declared));
    timer = vertx.setTimer(settings.bodyTimeout().toMillis(), id -> timedOut());
    request.handler(this::chunk);
    request.endHandler(v -> ended());
    request.exceptionHandler(e -> finish());
    if (declared > settings.maxRequestBytes()) {
      if (declared > discardLimit()) {
        closeOnceAnswered();
      }
      refuse();
    }
  }

  private void chunk(Buffer chunk) {
    if (state == State.READING) {
      if (body.length() + chunk.length() > settings.maxRequestBytes()) {
        refuse();
      } else {
        body.appendBuffer(chunk);
        return;
      }
    }
    if (state == State.DISCARDING) {
      discarded += chunk.length();
      if (discarded > discardLimit()) {
        finish();
        request.connection().close();
      }
    }
  }

  private void ended() {
    State before = state;
    finish();
    if (before == State.READING) {
      onBody.handle(body);
    }
  }

  private void timedOut() {
    State before = state;
    state = State.DONE;
    if (before == State.READING) {
      closeOnceAnswered();
      onProblem.handle(
          new WireProblem.BodyTooSlow(
              "The request body did not arrive within "
                  + settings.bodyTimeout().toSeconds()
                  + " s"));
    } else if (before == State.DISCARDING) {
      request.connection().close();
    }
  }

  private void refuse() {
    state = State.DISCARDING;
    body = null;
    onProblem.handle(
        new WireProblem.BodyTooLarge(
            "The request body is larger than " + settings.maxRequestBytes() + " bytes"));
  }

  private void closeOnceAnswered() {
    request.response().endHandler(v -> request.connection().close());
  }

  private void finish() {
    state = State.DONE;
    vertx.cancelTimer(timer);
  }

  private long discardLimit() {
    return (long) settings.maxRequestBytes() * DISCARD_LIMIT_FACTOR;
  }

  /** The Content-Length of the request, or -1 when it declares none. */
  private long declaredLength() {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      return -1;
    }
    try {
      return Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
