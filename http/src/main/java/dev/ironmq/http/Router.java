package dev.ironmq.http;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the endpoint for a method and path. Patterns are segments, literal or {@code {name}}; a
 * literal segment is preferred to a parameter in the same place (so {@code messages/peek} wins over
 * {@code messages/{message}}).
 */
public final class Router {
  /** Who may call an endpoint. */
  public enum Access {
    /** Anyone. */
    PUBLIC,
    /** A token that opens the project named by the path's {@code {project}} segment. */
    PROJECT,
    /** An admin token. */
    ADMIN,
    /** An admin token, or the token set for scraping metrics. */
    METRICS
  }

  /** Handles one call of one endpoint. */
  @FunctionalInterface
  public interface Endpoint {
    void handle(Call call);
  }

  /** A route found for a request, with its decoded path parameters. */
  record Match(Route route, Map<String, String> params) {}

  record Route(
      HttpMethod method,
      List<String> segments,
      Access access,
      boolean readsBody,
      Endpoint endpoint) {
    /** The endpoint's pattern, as written when it was added. */
    String pattern() {
      return "/" + String.join("/", segments);
    }

    int literalCount() {
      return (int) segments.stream().filter(s -> !s.startsWith("{")).count();
    }
  }

  private final Map<Integer, List<Route>> routesByLength = new HashMap<>();

  /** Adds an endpoint whose request body, if any, is read before it is called. */
  public Router add(HttpMethod method, String pattern, Access access, Endpoint endpoint) {
    return add(method, pattern, access, true, endpoint);
  }

  /** Adds an endpoint; {@code readsBody} false leaves the body unread (for GET). */
  public Router add(
      HttpMethod method, String pattern, Access access, boolean readsBody, Endpoint endpoint) {
    Route route = new Route(method, PathSegments.split(pattern), access, readsBody, endpoint);
    List<Route> routes =
        routesByLength.computeIfAbsent(route.segments().size(), n -> new ArrayList<>());
    routes.add(route);
    routes.sort((a, b) -> Integer.compare(b.literalCount(), a.literalCount()));
    return this;
  }

  /** The route for this request; a wire problem when there is none for the path or method. */
  Match find(HttpMethod method, String rawPath) {
    List<String> segments = PathSegments.split(rawPath);
    Set<HttpMethod> allowed = new LinkedHashSet<>();
    for (Route route : routesByLength.getOrDefault(segments.size(), List.of())) {
      if (matches(route, segments)) {
        if (route.method().equals(method)) {
          return new Match(route, params(route, segments));
        }
        allowed.add(route.method());
      }
    }
    if (allowed.isEmpty()) {
      throw new WireProblemException(new WireProblem.NoSuchEndpoint("No endpoint at " + rawPath));
    }
    throw new WireProblemException(
        new WireProblem.MethodNotAllowed(
            method.name() + " is not supported here; use " + joined(allowed)));
  }

  private static boolean matches(Route route, List<String> segments) {
    for (int i = 0; i < segments.size(); i++) {
      String pattern = route.segments().get(i);
      if (!pattern.startsWith("{") && !pattern.equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> params(Route route, List<String> segments) {
    Map<String, String> params = new HashMap<>(4);
    for (int i = 0; i < segments.size(); i++) {
      String pattern = route.segments().get(i);
      if (pattern.startsWith("{")) {
        params.put(
            pattern.substring(1, pattern.length() - 1), PathSegments.decode(segments.get(i)));
      }
    }
    return params;
  }

  private static String joined(Set<HttpMethod> methods) {
    return String.join(", ", methods.stream().map(HttpMethod::name).toList());
  }
}
