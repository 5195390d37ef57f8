package dev.ironmq.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a size limit and within a time limit. A declared length over the limit
 * is refused before a byte is read.
 */
final class BodyReader {
  private BodyReader() {}

  static void read(
      Vertx vertx,
      HttpServerRequest request,
      HttpSettings settings,
      Handler<Buffer> onBody,
      Handler<WireProblem> onProblem) {
    long declared = declaredLength(request);
    if (declared > settings.maxRequestBytes()) {
      onProblem.handle(tooLarge(settings));
      return;
    }
    Buffer body = Buffer.buffer(declared < 0 ? 256 : (int) Math.min(64 * 1024, declared));
    boolean[] finished = {false};
    long timer =
        vertx.setTimer(
            settings.bodyTimeout().toMillis(),
            id -> {
              if (!finished[0]) {
                finished[0] = true;
                onProblem.handle(
                    new WireProblem.BodyTooSlow(
                        "The request body did not arrive within "
                            + settings.bodyTimeout().toSeconds()
                            + " s"));
              }
            });
    request.handler(
        chunk -> {
          if (finished[0]) {
            return;
          }
          if (body.length() + chunk.length() > settings.maxRequestBytes()) {
            finished[0] = true;
            vertx.cancelTimer(timer);
            onProblem.handle(tooLarge(settings));
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (!finished[0]) {
            finished[0] = true;
            vertx.cancelTimer(timer);
            onBody.handle(body);
          }
        });
    request.exceptionHandler(
        e -> {
          finished[0] = true;
          vertx.cancelTimer(timer);
        });
  }

  /** The Content-Length of the request, or -1 when it declares none. */
  private static long declaredLength(HttpServerRequest request) {
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

  private static WireProblem tooLarge(HttpSettings settings) {
    return new WireProblem.BodyTooLarge(
        "The request body is larger than " + settings.maxRequestBytes() + " bytes");
  }
}
