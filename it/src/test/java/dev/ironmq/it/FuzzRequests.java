package dev.ironmq.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * What the fuzz tier sends: requests for every route of the API (v3, v1, admin, health, webhooks,
 * the acknowledgement URL), with methods, overrides, tokens, queue names, ids, query strings,
 * headers and bodies drawn from values a client might send and values none should. Subscriber URLs
 * only ever point at loopback, so no fuzzed push leaves the machine.
 */
final class FuzzRequests {
  static final String PROJECT = "5a0c1b2d3e4f5a6b7c8d9e0f";
  static final String OTHER_PROJECT = "66f1b2d3e4f5a6b7c8d9e0aa";
  static final String TOKEN = "fuzz-token-0123456789";
  static final String ADMIN_TOKEN = "fuzz-admin-token-0123456789";
  static final List<String> SEED_QUEUES = List.of("pull", "push", "dead", "watched");

  /** A route of the API, its method and path with placeholders. */
  private record Route(String method, String template) {}

  private static final List<Route> ROUTES = routes();

  private FuzzRequests() {}

  private static List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (String v : new String[] {"3", "1"}) {
      String queues = "/" + v + "/projects/{project}/queues";
      String queue = queues + "/{queue}";
      String messages = queue + "/messages";
      String message = messages + "/{message}";
      routes.add(new Route("GET", queues));
      routes.add(new Route("GET", queue));
      routes.add(new Route("POST", queue));
      routes.add(new Route("DELETE", queue));
      routes.add(new Route("POST", messages));
      routes.add(new Route("GET", messages));
      routes.add(new Route("DELETE", messages));
      routes.add(new Route("GET", message));
      routes.add(new Route("DELETE", message));
      routes.add(new Route("POST", message + "/touch"));
      routes.add(new Route("POST", message + "/release"));
      routes.add(new Route("POST", queue + "/subscribers"));
      routes.add(new Route("DELETE", queue + "/subscribers"));
      routes.add(new Route("GET", message + "/subscribers"));
      routes.add(new Route("DELETE", message + "/subscribers/{subscriber}"));
      routes.add(new Route("POST", queue + "/alerts"));
      routes.add(new Route("PUT", queue + "/alerts"));
      routes.add(new Route("DELETE", queue + "/alerts"));
      routes.add(new Route("DELETE", queue + "/alerts/{alert}"));
    }
    String v3 = "/3/projects/{project}/queues/{queue}";
    routes.add(new Route("PUT", v3));
    routes.add(new Route("PATCH", v3));
    routes.add(new Route("GET", v3 + "/info"));
    routes.add(new Route("POST", v3 + "/reservations"));
    routes.add(new Route("POST", v3 + "/webhook"));
    routes.add(new Route("PUT", v3 + "/subscribers"));
    routes.add(new Route("GET", v3 + "/browse"));
    routes.add(new Route("POST", v3 + "/pause"));
    routes.add(new Route("POST", v3 + "/resume"));
    routes.add(new Route("GET", v3 + "/stats"));
    String v1 = "/1/projects/{project}/queues/{queue}";
    routes.add(new Route("POST", v1 + "/clear"));
    routes.add(new Route("GET", v1 + "/messages/peek"));
    routes.add(new Route("POST", v1 + "/messages/webhook"));
    routes.add(new Route("GET", "/admin/projects"));
    routes.add(new Route("POST", "/admin/projects"));
    routes.add(new Route("GET", "/admin/tokens"));
    routes.add(new Route("POST", "/admin/tokens"));
    routes.add(new Route("DELETE", "/admin/tokens/{token}"));
    routes.add(new Route("GET", "/health"));
    routes.add(new Route("GET", "/{junk}"));
    routes.add(new Route("POST", "/3/projects/{project}/{junk}"));
    return List.copyOf(routes);
  }

  /** Requests for every route. */
  static Arbitrary<WireRequest> requests() {
    return Combinators.combine(
            Arbitraries.of(ROUTES),
            methodChoice(),
            pathValues(),
            query(),
            auth(),
            extraHeaders(),
            body())
        .as(FuzzRequests::request);
  }

  private static WireRequest request(
      Route route,
      Tuple.Tuple2<Integer, String> method,
      Map<String, String> values,
      String query,
      Tuple.Tuple2<String, String> auth,
      List<Map.Entry<String, String>> extra,
      byte[] body) {
    String path = route.template();
    for (Map.Entry<String, String> value : values.entrySet()) {
      path = path.replace("{" + value.getKey() + "}", value.getValue());
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>(extra);
    String verb = route.method();
    switch (method.get1()) {
      case 1 -> {
        headers.add(Map.entry("X-HTTP-Method-Override", route.method()));
        verb = "POST";
      }
      case 2 -> verb = method.get2();
      case 3 -> {
        headers.add(Map.entry("X-HTTP-Method-Override", method.get2()));
        verb = "POST";
      }
      default -> {}
    }
    String target = path + query;
    if (auth.get1().equals("header")) {
      headers.add(Map.entry("Authorization", auth.get2()));
    } else if (auth.get1().equals("query")) {
      target += (query.isEmpty() ? "?" : "&") + "oauth=" + auth.get2();
    }
    String text = new String(body, StandardCharsets.ISO_8859_1);
    boolean waits = (query + text).contains("wait");
    return new WireRequest(verb, target, headers, body, Duration.ofSeconds(waits ? 7 : 5));
  }

  /** 0: the route's own method; 1: POST overridden to it; 2: another method; 3: a bad override. */
  private static Arbitrary<Tuple.Tuple2<Integer, String>> methodChoice() {
    Arbitrary<String> others =
        Arbitraries.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "FOO");
    Arbitrary<String> junk =
        Arbitraries.of("", "DE LETE", "delete", "(", "GET /x", "\u00e9", "PATCH ", "TRACE");
    return Arbitraries.frequencyOf(
        Tuple.of(70, Arbitraries.just(Tuple.of(0, ""))),
        Tuple.of(12, Arbitraries.just(Tuple.of(1, ""))),
        Tuple.of(9, others.map(m -> Tuple.of(2, m))),
        Tuple.of(9, junk.map(m -> Tuple.of(3, m))));
  }

  private static Arbitrary<Map<String, String>> pathValues() {
    return Combinators.combine(
            project(), queueName(), messageId(), segment(), segment(), segment(), segment())
        .as(
            (project, queue, message, subscriber, alert, token, junk) ->
                Map.of(
                    "project", project,
                    "queue", queue,
                    "message", message,
                    "subscriber", subscriber,
                    "alert", alert,
                    "token", token,
                    "junk", junk));
  }

  private static Arbitrary<String> project() {
    return Arbitraries.frequencyOf(
        Tuple.of(75, Arbitraries.just(PROJECT)),
        Tuple.of(8, Arbitraries.just(OTHER_PROJECT)),
        Tuple.of(7, Arbitraries.strings().withChars("0123456789abcdef").ofLength(24)),
        Tuple.of(10, segment()));
  }

  private static Arbitrary<String> queueName() {
    return Arbitraries.frequencyOf(
        Tuple.of(65, Arbitraries.of(SEED_QUEUES)),
        Tuple.of(
            15,
            Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("-_.")
                .ofMinLength(1)
                .ofMaxLength(12)),
        Tuple.of(20, segment()));
  }

  private static Arbitrary<String> messageId() {
    return Arbitraries.frequencyOf(
        Tuple.of(30, Arbitraries.of(FuzzState.seedMessageIds())),
        Tuple.of(30, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20)),
        Tuple.of(10, Arbitraries.of("0", "-1", "99999999999999999999", "1e5", "0x10")),
        Tuple.of(30, segment()));
  }

  /** A path segment: text percent-encoded, or raw bytes that keep the request line whole. */
  private static Arbitrary<String> segment() {
    Arbitrary<String> text = Arbitraries.strings().ofMinLength(0).ofMaxLength(20);
    return Arbitraries.frequencyOf(
        Tuple.of(
            50, text.map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))),
        Tuple.of(
            25,
            Arbitraries.of(
                "a%2Fb",
                "%C3%28",
                "%ZZ",
                "%",
                "%00",
                "%e2%82%ac",
                "a+b",
                "..",
                ".",
                "%2e%2e",
                "x".repeat(256),
                "\u00c3\u00bc",
                "\u00ff",
                "%ED%A0%80",
                "%F4%90%80%80",
                "%C0%AF")),
        Tuple.of(25, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)));
  }

  private static Arbitrary<String> query() {
    Arbitrary<String> name =
        Arbitraries.of(
            "n",
            "per_page",
            "previous",
            "prefix",
            "wait",
            "timeout",
            "reservation_id",
            "delete",
            "page",
            "state",
            "cursor",
            "step",
            "from",
            "to",
            "x");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of(
                "",
                "0",
                "1",
                "-1",
                "2",
                "31",
                "101",
                "abc",
                "true",
                "%ZZ",
                "1e3",
                "%00",
                "reserved,delayed",
                "delivering",
                "99999999999999999999",
                "1m",
                "1h",
                "2026-12-01T08:00:00Z"),
            Arbitraries.strings().numeric().ofMaxLength(12),
            segment());
    Arbitrary<String> pair = Combinators.combine(name, value).as((n, v) -> n + "=" + v);
    return pair.list()
        .ofMaxSize(3)
        .map(pairs -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs))
        .map(q -> q.contains("wait=") ? q.replaceAll("wait=\\d{2,}", "wait=31") : q);
  }

  /** Where the token goes ("header", "query" or "none") and what it is. */
  private static Arbitrary<Tuple.Tuple2<String, String>> auth() {
    return Arbitraries.frequencyOf(
        Tuple.of(55, Arbitraries.just(Tuple.of("header", "OAuth " + TOKEN))),
        Tuple.of(8, Arbitraries.just(Tuple.of("query", TOKEN))),
        Tuple.of(5, Arbitraries.just(Tuple.of("header", "Bearer " + TOKEN))),
        Tuple.of(12, Arbitraries.just(Tuple.of("header", "OAuth " + ADMIN_TOKEN))),
        Tuple.of(
            10,
            Arbitraries.of("OAuth wrong", "OAuth", "Basic " + TOKEN, "OAuth  ", "oauth " + TOKEN)
                .map(h -> Tuple.of("header", h))),
        Tuple.of(10, Arbitraries.just(Tuple.of("none", ""))));
  }

  private static Arbitrary<List<Map.Entry<String, String>>> extraHeaders() {
    Arbitrary<Map.Entry<String, String>> header =
        Arbitraries.of(
            Map.entry("Content-Type", "application/json"),
            Map.entry("Content-Type", "text/plain"),
            Map.entry("Content-Type", "application/x-www-form-urlencoded"),
            Map.entry("X-Subscribers-Event", "charge"),
            Map.entry("X-Subscribers-", "empty"),
            Map.entry("Accept-Encoding", "gzip/deflate"),
            Map.entry("Expect", "100-continue"),
            Map.entry("Iron-Subscriber-Name", "x"));
    return header.list().ofMaxSize(2);
  }

  private static Arbitrary<byte[]> body() {
    return Arbitraries.frequencyOf(
        Tuple.of(40, shapedJson().map(FuzzRequests::utf8)),
        Tuple.of(20, json(3).map(FuzzRequests::utf8)),
        Tuple.of(10, Arbitraries.just(new byte[0])),
        Tuple.of(6, Arbitraries.strings().ofMaxLength(40).map(FuzzRequests::utf8)),
        Tuple.of(
            8,
            Arbitraries.of("eda080", "f4908080", "c0af", "ff", "c3", "e282")
                .map(
                    hex -> {
                      byte[] bad = HexFormat.of().parseHex(hex);
                      byte[] start = utf8("{\"messages\":[{\"body\":\"x");
                      byte[] end = utf8("y\"}]}");
                      byte[] all = new byte[start.length + bad.length + end.length];
                      System.arraycopy(start, 0, all, 0, start.length);
                      System.arraycopy(bad, 0, all, start.length, bad.length);
                      System.arraycopy(end, 0, all, start.length + bad.length, end.length);
                      return all;
                    })),
        Tuple.of(
            6,
            Arbitraries.of("\\ud800", "\\udc00x", "a\\ud83d", "\\u0000")
                .map(e -> utf8("{\"messages\":[{\"body\":\"" + e + "\"}]}"))),
        Tuple.of(
            4,
            Arbitraries.integers()
                .between(60_000, 200_000)
                .map(n -> utf8("{\"messages\":[{\"body\":\"" + "z".repeat(n) + "\"}]}"))),
        Tuple.of(
            3,
            Arbitraries.integers().between(50, 3000).map(n -> utf8("[".repeat(n) + "]".repeat(n)))),
        Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)));
  }

  /** JSON a client of some route would send, its values drawn valid or not. */
  private static Arbitrary<String> shapedJson() {
    Arbitrary<String> message =
        Combinators.combine(scalar(), scalar(), pushHeaders())
            .as(
                (body, delay, headers) ->
                    "{\"body\":" + body + ",\"delay\":" + delay + headers + "}");
    Arbitrary<String> messages =
        message.list().ofMaxSize(4).map(list -> "{\"messages\":[" + String.join(",", list) + "]}");
    Arbitrary<String> reserve =
        Combinators.combine(scalar(), scalar(), waitValue(), scalar())
            .as(
                (n, t, w, d) ->
                    "{\"n\":"
                        + n
                        + ",\"timeout\":"
                        + t
                        + ",\"wait\":"
                        + w
                        + ",\"delete\":"
                        + d
                        + "}");
    Arbitrary<String> subscriber =
        Combinators.combine(scalar(), subscriberUrl())
            .as((name, url) -> "{\"name\":" + name + ",\"url\":" + url + "}");
    Arbitrary<String> subscribers =
        subscriber.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> push =
        Combinators.combine(subscribers, scalar(), scalar(), scalar())
            .as(
                (s, r, d, e) ->
                    "{\"subscribers\":"
                        + s
                        + ",\"retries\":"
                        + r
                        + ",\"retries_delay\":"
                        + d
                        + ",\"error_queue\":"
                        + e
                        + "}");
    Arbitrary<String> alert =
        Combinators.combine(
                Arbitraries.of(
                    "\"fixed\"", "\"progressive\"", "\"age\"", "\"failure_rate\"", "\"x\"", "1"),
                Arbitraries.of("\"asc\"", "\"desc\"", "\"up\"", "null"),
                scalar(),
                Arbitraries.of("\"alarms\"", "\"\"", "\"pull\"", "5"),
                scalar())
            .as(
                (t, d, tr, q, sn) ->
                    "{\"type\":"
                        + t
                        + ",\"direction\":"
                        + d
                        + ",\"trigger\":"
                        + tr
                        + ",\"queue\":"
                        + q
                        + ",\"snooze\":"
                        + sn
                        + "}");
    Arbitrary<String> alerts = alert.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> queue =
        Combinators.combine(
                Arbitraries.of("\"pull\"", "\"multicast\"", "\"unicast\"", "\"fanout\"", "null"),
                scalar(),
                scalar(),
                push.injectNull(0.5),
                alerts.injectNull(0.7),
                Arbitraries.of(
                    "null",
                    "{\"queue_name\":\"dead\",\"max_reservations\":3}",
                    "{\"queue_name\":\"\"}",
                    "{\"max_reservations\":0}"))
            .as(
                (type, timeout, expiration, p, a, dl) ->
                    "{\"queue\":{\"type\":"
                        + type
                        + ",\"message_timeout\":"
                        + timeout
                        + ",\"message_expiration\":"
                        + expiration
                        + ",\"push\":"
                        + p
                        + ",\"alerts\":"
                        + a
                        + ",\"dead_letter\":"
                        + dl
                        + "}}");
    Arbitrary<String> ids =
        Combinators.combine(
                Arbitraries.of(FuzzState.seedMessageIds()).map(id -> "\"" + id + "\""), scalar())
            .as((id, rid) -> "{\"id\":" + id + ",\"reservation_id\":" + rid + "}")
            .list()
            .ofMaxSize(3)
            .map(l -> "{\"ids\":[" + String.join(",", l) + "]}");
    Arbitrary<String> reservation =
        Combinators.combine(scalar(), scalar(), scalar(), scalar())
            .as(
                (rid, t, d, s) ->
                    "{\"reservation_id\":"
                        + rid
                        + ",\"timeout\":"
                        + t
                        + ",\"delay\":"
                        + d
                        + ",\"subscriber_name\":"
                        + s
                        + "}");
    Arbitrary<String> admin =
        Combinators.combine(scalar(), scalar(), scalar(), scalar())
            .as(
                (id, name, projects, label) ->
                    "{\"id\":"
                        + id
                        + ",\"name\":"
                        + name
                        + ",\"projects\":["
                        + projects
                        + "],\"label\":"
                        + label
                        + ",\"admin\":false}");
    Arbitrary<String> pause =
        Combinators.combine(scalar(), scalar())
            .as((r, p) -> "{\"reserve\":" + r + ",\"push\":" + p + "}");
    return Arbitraries.oneOf(
        messages,
        reserve,
        pause,
        queue,
        subscribers.map(s -> "{\"subscribers\":" + s + "}"),
        alerts.map(a -> "{\"alerts\":" + a + "}"),
        ids,
        reservation,
        admin);
  }

  private static Arbitrary<String> waitValue() {
    return Arbitraries.of("0", "1", "-1", "31", "\"1\"", "null", "1.5");
  }

  /** Loopback or not a URL at all: a fuzzed push must never leave the machine. */
  private static Arbitrary<String> subscriberUrl() {
    return Arbitraries.of(
        "\"http://127.0.0.1:9/x\"",
        "\"http://[::1]:9/\"",
        "\"ironmq:///copies\"",
        "\"ironmq:///\"",
        "\"ftp://127.0.0.1/x\"",
        "\"not a url\"",
        "\"\"",
        "\"http://\"",
        "5",
        "null");
  }

  private static Arbitrary<String> pushHeaders() {
    return Arbitraries.of(
        "",
        ",\"push_headers\":{\"X-A\":\"b\"}",
        ",\"push_headers\":{\"User-Agent\":\"me\"}",
        ",\"push_headers\":{\"\":\"x\"}",
        ",\"push_headers\":5",
        ",\"push_headers\":{\"X\":7}");
  }

  /** A JSON scalar of a type a field may or may not take. */
  private static Arbitrary<String> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "0",
            "1",
            "-1",
            "30",
            "31",
            "100",
            "101",
            "604800",
            "604801",
            "86400",
            "2592001",
            "2147483648",
            "1.5",
            "1e3",
            "true",
            "false",
            "null",
            "\"\"",
            "\"x\"",
            "\"5\"",
            "[]",
            "{}"),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.strings().ofMaxLength(30).map(FuzzRequests::jsonString));
  }

  /** Any JSON value, with the API's field names among its keys, to the given depth. */
  private static Arbitrary<String> json(int depth) {
    if (depth == 0) {
      return scalar();
    }
    Arbitrary<String> key =
        Arbitraries.of(
            "messages",
            "body",
            "delay",
            "n",
            "timeout",
            "wait",
            "delete",
            "queue",
            "type",
            "push",
            "subscribers",
            "name",
            "url",
            "headers",
            "ids",
            "id",
            "reservation_id",
            "alerts",
            "dead_letter",
            "x");
    Arbitrary<String> member =
        Combinators.combine(key, Arbitraries.lazy(() -> json(depth - 1)))
            .as((k, v) -> "\"" + k + "\":" + v);
    return Arbitraries.oneOf(
        scalar(),
        member.list().ofMaxSize(4).map(m -> "{" + String.join(",", m) + "}"),
        Arbitraries.lazy(() -> json(depth - 1))
            .list()
            .ofMaxSize(3)
            .map(v -> "[" + String.join(",", v) + "]"));
  }

  private static String jsonString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\' || c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
