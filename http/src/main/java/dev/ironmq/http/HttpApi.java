package dev.ironmq.http;

import dev.ironmq.backend.BackendHealth;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.http.admin.AdminEndpoints;
import dev.ironmq.http.extensions.BrowseEndpoint;
import dev.ironmq.http.extensions.PauseEndpoints;
import dev.ironmq.http.extensions.StatsEndpoint;
import dev.ironmq.http.v1.V1Endpoints;
import dev.ironmq.http.v3.V3Endpoints;
import dev.ironmq.metrics.RequestMetrics;
import dev.ironmq.metrics.ServerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The request handler of the server: resolves the method (honouring {@code
 * X-HTTP-Method-Override}), finds the endpoint, checks the token, reads the body, and calls the
 * endpoint. Checks that need no body happen before the body is read, so a bad token costs little.
 */
public final class HttpApi implements Handler<HttpServerRequest> {
  public static final String CONTENT_TYPE = "Content-Type";

  /** Exactly this, with no charset: the official Java client compares it as a whole. */
  public static final String APPLICATION_JSON = "application/json";

  static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
  static final String TRANSFER_ENCODING = "Transfer-Encoding";

  /**
   * The methods named in metrics and the access log as they are; any other a client sends is {@link
   * #OTHER_METHOD}, so that made-up methods cannot add series without end.
   */
  private static final Set<String> STANDARD_METHODS =
      Set.of("GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OPTIONS");

  private static final String OTHER_METHOD = "other";

  /** The methods a {@code X-HTTP-Method-Override} may name: those the API routes. */
  private static final Set<String> OVERRIDABLE = Set.of("GET", "PUT", "POST", "PATCH", "DELETE");

  static final String AUTHORIZATION = "Authorization";
  static final String OAUTH_QUERY = "oauth";

  private final Vertx vertx;
  private final QueueBackend backend;
  private final HttpSettings settings;
  private final Supplier<List<String>> warnings;
  private final Optional<DevProjects> devProjects;
  private final ServerMetrics metrics;
  private final Optional<AccessLog> accessLog;
  private final Router router = new Router();

  /**
   * Serves the API of {@code backend}, and its {@code metrics} at {@code /metrics}, writing each
   * request to the {@code accessLog} when there is one; {@code warnings} are what {@code /health}
   * adds about the server's surroundings (a disk running out of space); {@code clock} says what
   * "now" is where a request leaves a time out.
   */
  public HttpApi(
      Vertx vertx,
      InstantSource clock,
      QueueBackend backend,
      HttpSettings settings,
      ServerMetrics metrics,
      Optional<AccessLog> accessLog,
      Supplier<List<String>> warnings) {
    this.vertx = vertx;
    this.backend = backend;
    this.settings = settings;
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.warnings = warnings;
    this.devProjects = DevProjects.of(settings.devToken(), backend);
    router.add(HttpMethod.GET, "/", Router.Access.PUBLIC, false, HttpApi::about);
    router.add(HttpMethod.GET, "/health", Router.Access.PUBLIC, false, this::health);
    if (metrics.enabled()) {
      router.add(HttpMethod.GET, "/metrics", Router.Access.METRICS, false, this::metrics);
    }
    new V3Endpoints(backend).register(router);
    new BrowseEndpoint(backend).register(router);
    new PauseEndpoints(backend).register(router);
    new StatsEndpoint(backend, clock).register(router);
    new V1Endpoints(backend).register(router);
    new AdminEndpoints(backend).register(router);
  }

  @Override
  public void handle(HttpServerRequest request) {
    Context context = vertx.getOrCreateContext();
    Router.Match[] matched = new Router.Match[1];
    whenAnswered(request, matched);
    try {
      checkFraming(request);
      HttpMethod method = effectiveMethod(request);
      Router.Match match = router.find(method, request.path());
      matched[0] = match;
      String token = token(request);
      Optional<CompletableFuture<Void>> opening = openDevProject(match, token);
      if (opening.isEmpty()) {
        authorize(match, token);
      } else if (!opening.get().isDone()) {
        request.pause();
        opening
            .get()
            .whenComplete(
                (opened, failure) ->
                    context.runOnContext(
                        v -> {
                          if (failure != null) {
                            respondError(request, failure);
                          } else {
                            proceed(request, context, match, token);
                          }
                          request.resume();
                        }));
        return;
      } else {
        opening.get().join();
      }
      proceed(request, context, match, token);
    } catch (RuntimeException e) {
      respondError(request, e);
    }
  }

  /**
   * Times the request, and logs it when there is an access log, once its answer is sent; by the
   * endpoint it was routed to, if any ({@code matched} is filled in once it is found).
   */
  private void whenAnswered(HttpServerRequest request, Router.Match[] matched) {
    RequestMetrics.Ongoing timed = metrics.requests().start();
    Optional<AccessLog.Entry> logged = accessLog.map(log -> log.start(request));
    request
        .response()
        .bodyEndHandler(
            v -> {
              Router.Match match = matched[0];
              String route = match == null ? RequestMetrics.NO_ROUTE : match.route().pattern();
              String method =
                  match != null
                      ? match.route().method().name()
                      : STANDARD_METHODS.contains(request.method().name())
                          ? request.method().name()
                          : OTHER_METHOD;
              timed.end(method, route, request.response().getStatusCode());
              logged.ifPresent(
                  entry -> entry.end(method, route, match == null ? Map.of() : match.params()));
            });
  }

  /** Reads the body, when the endpoint takes one, and calls the endpoint. */
  private void proceed(
      HttpServerRequest request, Context context, Router.Match match, String token) {
    try {
      if (!match.route().readsBody()) {
        dispatch(request, context, match, Buffer.buffer(), token);
        return;
      }
      BodyReader.read(
          vertx,
          request,
          settings,
          body -> dispatch(request, context, match, body, token),
          problem -> respondError(request, new WireProblemException(problem)));
    } catch (RuntimeException e) {
      respondError(request, e);
    }
  }

  /**
   * In development mode, for a project route called with the development token: the project made
   * ready (created on first use). Empty for every other request, which the backend authorizes.
   */
  private Optional<CompletableFuture<Void>> openDevProject(Router.Match match, String token) {
    if (devProjects.isEmpty()
        || match.route().access() != Router.Access.PROJECT
        || !devProjects.get().opens(token)) {
      return Optional.empty();
    }
    return Optional.of(devProjects.get().open(match.params().get("project")));
  }

  /**
   * Refuses a body this server cannot frame: any transfer coding but plain {@code chunked} (a
   * {@code gzip, chunked} body would otherwise be read as if it were not compressed). The
   * connection is closed after the answer, since the rest of the body cannot be skipped reliably.
   */
  private static void checkFraming(HttpServerRequest request) {
    String coding = request.getHeader(TRANSFER_ENCODING);
    if (coding != null && !coding.trim().equalsIgnoreCase("chunked")) {
      request.response().endHandler(v -> request.connection().close());
      throw new WireProblemException(
          new WireProblem.UnsupportedFraming(
              "Transfer-Encoding " + coding.trim() + " is not supported; send chunked or plain"));
    }
  }

  private void dispatch(
      HttpServerRequest request, Context context, Router.Match match, Buffer body, String token) {
    Call call = new Call(request, context, match.params(), body, token);
    try {
      match.route().endpoint().handle(call);
    } catch (RuntimeException e) {
      call.fail(e);
    }
  }

  private void authorize(Router.Match match, String token) {
    switch (match.route().access()) {
      case PROJECT -> backend.checkAccess(token, match.params().get("project"));
      case ADMIN -> backend.checkAdmin(token);
      case METRICS -> {
        if (!isMetricsToken(token)) {
          backend.checkAdmin(token);
        }
      }
      case PUBLIC -> {}
    }
  }

  private static HttpMethod effectiveMethod(HttpServerRequest request) {
    String override = request.getHeader(METHOD_OVERRIDE);
    if (override != null && request.method().equals(HttpMethod.POST)) {
      String name = override.trim().toUpperCase(Locale.ROOT);
      if (!OVERRIDABLE.contains(name)) {
        throw ProblemException.invalid(
            METHOD_OVERRIDE + " must be one of DELETE, PATCH, PUT, GET or POST");
      }
      return HttpMethod.valueOf(name);
    }
    return request.method();
  }

  private boolean isMetricsToken(String token) {
    return settings
        .metricsToken()
        .map(
            expected ->
                MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8)))
        .orElse(false);
  }

  /** The token of the Authorization header ({@code OAuth} or {@code Bearer}), else of the query. */
  static String token(HttpServerRequest request) {
    String header = request.getHeader(AUTHORIZATION);
    if (header != null) {
      String trimmed = header.trim();
      int space = trimmed.indexOf(' ');
      if (space > 0) {
        String scheme = trimmed.substring(0, space);
        if (scheme.equalsIgnoreCase("OAuth") || scheme.equalsIgnoreCase("Bearer")) {
          return trimmed.substring(space + 1).trim();
        }
      }
    }
    try {
      String query = request.getParam(OAUTH_QUERY);
      return query == null ? "" : query;
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("The query string is malformed");
    }
  }

  /** GET / : what answers here, for a person or a script that finds the port. */
  private static void about(Call call) {
    call.respond(
        200,
        Json.render(
            json -> {
              json.writeStartObject();
              json.writeStringField("name", "ironmq");
              json.writeStringField("version", ServerVersion.current());
              json.writeStringField("api", "IronMQ v3 at /3/projects/{project_id}/queues");
              json.writeEndObject();
            }));
  }

  /** GET /metrics : every metric, in the Prometheus text format. */
  private void metrics(Call call) {
    metrics
        .scrape()
        .whenComplete(
            (text, failure) -> {
              if (failure != null) {
                call.fail(failure);
              } else {
                call.respondText(ServerMetrics.CONTENT_TYPE, text);
              }
            });
  }

  /**
   * 200 while the server serves everything, 503 while it serves reads only or nothing; the body
   * says which ({@code ok}, {@code read_only}, {@code unavailable}), why, and any warnings.
   */
  private void health(Call call) {
    BackendHealth health = backend.health();
    List<String> warned = warnings.get();
    call.respond(
        health.isOk() ? 200 : 503,
        Json.render(
            json -> {
              json.writeStartObject();
              json.writeStringField("status", health.status().name().toLowerCase(Locale.ROOT));
              if (!health.isOk()) {
                json.writeStringField("msg", health.message());
              }
              if (!warned.isEmpty()) {
                json.writeArrayFieldStart("warnings");
                for (String warning : warned) {
                  json.writeString(warning);
                }
                json.writeEndArray();
              }
              json.writeEndObject();
            }));
  }

  /** Answers a request that reached a server whose start failed: 503, and the connection closes. */
  public static void refuseWhileStarting(HttpServerRequest request) {
    request.response().endHandler(v -> request.connection().close());
    respondError(
        request,
        new ProblemException(
            new Problem.StorageUnavailable("The server could not start; try another server")));
    request.resume();
  }

  static void respondError(HttpServerRequest request, Throwable failure) {
    ErrorMapper.HttpError error = ErrorMapper.map(failure);
    HttpServerResponse response = request.response();
    if (!response.ended()) {
      response
          .setStatusCode(error.status())
          .putHeader(CONTENT_TYPE, APPLICATION_JSON)
          .end(Json.message(error.message()));
    }
  }
}
