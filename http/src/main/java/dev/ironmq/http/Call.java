package dev.ironmq.http;

import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One request to one endpoint: its path parameters, query, body and token, and the ways to answer
 * it. Endpoints may answer from any thread; the answer is written on the request's own context.
 */
public final class Call {
  private final HttpServerRequest request;
  private final Context context;
  private final Map<String, String> params;
  private final Buffer body;
  private final String token;
  private MultiMap query;
  private JsonBody json;

  Call(
      HttpServerRequest request,
      Context context,
      Map<String, String> params,
      Buffer body,
      String token) {
    this.request = request;
    this.context = context;
    this.params = params;
    this.body = body;
    this.token = token;
  }

  public HttpServerRequest request() {
    return request;
  }

  /** A decoded path parameter of the route. */
  public String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalStateException("the route has no parameter " + name);
    }
    return value;
  }

  public String projectId() {
    return param("project");
  }

  /** The queue named by the path, checked. */
  public QueueRef queue() {
    return QueueRef.of(projectId(), param("queue"));
  }

  /** The message id of the path; an id that is not a number names no message. */
  public long messageId() {
    return parseMessageId(param("message"))
        .orElseThrow(() -> ProblemException.of(Problem.messageNotFound()));
  }

  /** A message id as the API writes it: a decimal string. */
  public static Optional<Long> parseMessageId(String id) {
    if (id.isEmpty() || id.length() > 19) {
      return Optional.empty();
    }
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public String token() {
    return token;
  }

  /** A query parameter, decoded. */
  public Optional<String> query(String name) {
    if (query == null) {
      try {
        query = request.params();
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid("The query string is malformed");
      }
    }
    return Optional.ofNullable(query.get(name));
  }

  /** An integer query parameter; absent or empty reads as {@code absent}. */
  public int queryInt(String name, int absent) {
    Optional<String> value = query(name).filter(v -> !v.isEmpty());
    if (value.isEmpty()) {
      return absent;
    }
    try {
      return Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw ProblemException.invalid(name + " must be an integer");
    }
  }

  /** A boolean query parameter: {@code true} or {@code false}. */
  public boolean queryBool(String name, boolean absent) {
    Optional<String> value = query(name).filter(v -> !v.isEmpty());
    if (value.isEmpty()) {
      return absent;
    }
    return switch (value.get()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw ProblemException.invalid(name + " must be true or false");
    };
  }

  /** The body as a JSON object; an empty body is an empty object. */
  public JsonBody json() {
    if (json == null) {
      json = JsonBody.parse(body);
    }
    return json;
  }

  /** The raw body bytes. */
  public Buffer body() {
    return body;
  }

  /** Answers with a status and a JSON body. */
  public void respond(int status, Buffer json) {
    onContext(
        () -> {
          HttpServerResponse response = request.response();
          if (response.ended() || response.closed()) {
            return;
          }
          response
              .setStatusCode(status)
              .putHeader(HttpApi.CONTENT_TYPE, HttpApi.APPLICATION_JSON)
              .end(json);
        });
  }

  /** Answers 200 with a body that is not JSON. */
  public void respondText(String contentType, String text) {
    onContext(
        () -> {
          HttpServerResponse response = request.response();
          if (!response.ended() && !response.closed()) {
            response.setStatusCode(200).putHeader(HttpApi.CONTENT_TYPE, contentType).end(text);
          }
        });
  }

  /** Answers once the future completes: with the rendered value, or with the mapped failure. */
  public <T> void respond(CompletableFuture<T> future, int status, Function<T, Buffer> render) {
    future.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            fail(failure);
          } else {
            Buffer rendered;
            try {
              rendered = render.apply(value);
            } catch (RuntimeException e) {
              fail(e);
              return;
            }
            respond(status, rendered);
          }
        });
  }

  /** Answers with the status and message the failure maps to. */
  public void fail(Throwable failure) {
    ErrorMapper.HttpError error = ErrorMapper.map(failure);
    respond(error.status(), Json.message(error.message()));
  }

  private void onContext(Runnable action) {
    if (Context.isOnEventLoopThread() && context == io.vertx.core.Vertx.currentContext()) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
