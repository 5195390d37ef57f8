package dev.ironmq.push;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ironmq.backend.IronMqUrl;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushHeaders;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The push transport over HTTP: a POST of the message body to each subscriber, on a shared
 * non-blocking client. Every attempt waits for room in its subscriber's {@link Lane}, has a connect
 * and a response timeout, and reports exactly one outcome. Redirects are not followed: they are
 * failures, as in IronMQ. Remote {@code ironmq://} subscribers (with a host) get the message posted
 * to that server's API.
 */
public final class HttpPusher implements PushTransport {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Subscribers of one host that can all have their full share of requests in flight at once. The
   * client pools connections per host, while the {@link Lane}s bound requests per subscriber: were
   * the pool as small as one lane, subscribers on one host (two queues' webhook URLs on the same
   * server, say) would wait for each other's slow requests.
   */
  private static final int SUBSCRIBERS_PER_HOST = 64;

  private final Vertx vertx;
  private final PushSettings settings;
  private final HttpClient client;
  private final Context[] contexts;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  public HttpPusher(Vertx vertx, PushSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false),
            new PoolOptions()
                .setHttp1MaxSize(settings.concurrencyPerSubscriber() * SUBSCRIBERS_PER_HOST)
                .setMaxWaitQueueSize(-1));
    this.contexts = new Context[Math.max(1, Runtime.getRuntime().availableProcessors())];
    for (int i = 0; i < contexts.length; i++) {
      contexts[i] = ((VertxInternal) vertx).createEventLoopContext();
    }
  }

  @Override
  public Optional<String> refusal(String url) {
    return settings.allowPrivateAddresses()
        ? Optional.empty()
        : AddressPolicy.refusalWithoutLookup(url);
  }

  /**
   * Starts an attempt. Each subscriber's requests run on one event-loop context of the transport's
   * own, whatever thread calls: a response must be read on the thread that receives it, before the
   * next read.
   */
  @Override
  public void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome) {
    String key =
        attempt.queue().projectId()
            + '\u0000'
            + attempt.queue().name()
            + '\u0000'
            + attempt.subscriber().name();
    Lane lane = lanes.computeIfAbsent(key, k -> new Lane(settings.concurrencyPerSubscriber()));
    Context context = contexts[Math.floorMod(key.hashCode(), contexts.length)];
    lane.submit(
        () ->
            context.runOnContext(
                v ->
                    send(attempt)
                        .onComplete(
                            done -> {
                              lane.done();
                              outcome.accept(
                                  done.succeeded()
                                      ? done.result()
                                      : new PushOutcome.Failed(0, describe(done.cause())));
                            })));
  }

  private Future<PushOutcome> send(PushAttempt attempt) {
    String url = attempt.subscriber().url();
    Request request;
    try {
      request = IronMqUrl.isIronMq(url) ? queueRequest(attempt) : subscriberRequest(attempt);
    } catch (RuntimeException e) {
      return Future.succeededFuture(new PushOutcome.Failed(0, "Bad subscriber URL: " + url));
    }
    return resolve(request.uri().getHost())
        .compose(
            address -> {
              if (address.isEmpty()) {
                return Future.succeededFuture(
                    new PushOutcome.Failed(0, AddressPolicy.refusal(request.uri().getHost())));
              }
              return client
                  .request(request.options(address.get()))
                  .compose(http -> http.send(request.body()))
                  .compose(this::outcomeOf);
            });
  }

  /**
   * The address to connect to: the name as Vert.x resolves it when private addresses are allowed,
   * else the first resolved address after every one was checked (so that a later answer of the name
   * server cannot point the connection elsewhere). Empty when refused.
   */
  private Future<Optional<Optional<InetAddress>>> resolve(String host) {
    if (settings.allowPrivateAddresses()) {
      return Future.succeededFuture(Optional.of(Optional.empty()));
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return vertx.executeBlocking(
        () -> {
          InetAddress[] addresses = InetAddress.getAllByName(bare);
          for (InetAddress address : addresses) {
            if (AddressPolicy.isPrivate(address)) {
              return Optional.empty();
            }
          }
          return Optional.of(Optional.of(addresses[0]));
        },
        false);
  }

  private Future<PushOutcome> outcomeOf(HttpClientResponse response) {
    int status = response.statusCode();
    return response
        .body()
        .map(
            body -> {
              if (status == 202) {
                return new PushOutcome.Accepted();
              }
              if (status >= 200 && status < 300) {
                return new PushOutcome.Delivered(status);
              }
              return new PushOutcome.Failed(status, reason(response, body));
            });
  }

  private static String reason(HttpClientResponse response, Buffer body) {
    String message = response.statusMessage();
    if (body.length() > 0) {
      String text = body.toString(StandardCharsets.UTF_8);
      message = message + ": " + (text.length() > 200 ? text.substring(0, 200) : text);
    }
    return message;
  }

  private static String words(java.time.Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  /** A failure without an answer, in words for the push status and the error queue. */
  private String describe(Throwable cause) {
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    if (cause instanceof java.net.ConnectException || message.contains("Connection refused")) {
      return "Connection refused";
    }
    if (cause instanceof java.util.concurrent.TimeoutException
        || cause instanceof io.netty.channel.ConnectTimeoutException
        || message.toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
      return "No answer in time (connect "
          + words(settings.connectTimeout())
          + ", response "
          + words(settings.responseTimeout())
          + ")";
    }
    return message.isEmpty() ? cause.getClass().getSimpleName() : message;
  }

  /** A request to make: where, with what headers, and the body. */
  private record Request(URI uri, MultiMap headers, Buffer body, long timeoutMillis) {
    RequestOptions options(Optional<InetAddress> address) {
      boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
      int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setHost(uri.getHost())
              .setPort(port)
              .setSsl(ssl)
              .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
              .setHeaders(headers)
              .setFollowRedirects(false)
              .setIdleTimeout(timeoutMillis);
      address.ifPresent(
          resolved ->
              options.setServer(SocketAddress.inetSocketAddress(port, resolved.getHostAddress())));
      return options;
    }
  }

  private Request subscriberRequest(PushAttempt attempt) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(PushHeaders.USER_AGENT, PushHeaders.DEFAULT_USER_AGENT);
    headers.set(PushHeaders.CONTENT_TYPE, PushHeaders.DEFAULT_CONTENT_TYPE);
    attempt.subscriber().headers().forEach(headers::set);
    attempt.pushHeaders().forEach(headers::set);
    headers.set(PushHeaders.MESSAGE_ID, Long.toString(attempt.messageId()));
    headers.set(PushHeaders.RESERVATION_ID, attempt.reservationId());
    headers.set(PushHeaders.SUBSCRIBER_NAME, attempt.subscriber().name());
    headers.set(PushHeaders.SUBSCRIBER_MESSAGE_URL, acknowledgementUrl(attempt));
    return new Request(
        URI.create(attempt.subscriber().url()),
        headers,
        Buffer.buffer(attempt.body()),
        settings.responseTimeout().toMillis());
  }

  /** A post of the message to another server's queue, through that server's API v3. */
  private Request queueRequest(PushAttempt attempt) {
    IronMqUrl target = IronMqUrl.parse(attempt.subscriber().url());
    String project = target.projectId().orElse(attempt.queue().projectId());
    URI uri =
        URI.create(
            "http://"
                + target.hostAndPort().orElseThrow()
                + "/3/projects/"
                + project
                + "/queues/"
                + encode(target.queueName())
                + "/messages");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    headers.set(PushHeaders.CONTENT_TYPE, "application/json");
    headers.set(PushHeaders.USER_AGENT, PushHeaders.DEFAULT_USER_AGENT);
    target.token().ifPresent(token -> headers.set("Authorization", "OAuth " + token));
    return new Request(
        uri, headers, postBody(attempt.body()), settings.responseTimeout().toMillis());
  }

  /**
   * The URL a subscriber that answered 202 deletes to acknowledge, without a token: the reservation
   * id in it is the capability, good for this one delivery only.
   */
  private String acknowledgementUrl(PushAttempt attempt) {
    return settings.publicUrl()
        + "/3/projects/"
        + encode(attempt.queue().projectId())
        + "/queues/"
        + encode(attempt.queue().name())
        + "/messages/"
        + attempt.messageId()
        + "/subscribers/"
        + encode(attempt.subscriber().name())
        + "?reservation_id="
        + attempt.reservationId();
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Buffer postBody(String body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length() + 32);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeArrayFieldStart("messages");
      json.writeStartObject();
      json.writeStringField("body", body);
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  /** Requests waiting for room, over all subscribers (for metrics and tests). */
  public int waiting() {
    return lanes.values().stream().mapToInt(Lane::waiting).sum();
  }

  public Future<Void> close() {
    return client.close();
  }
}
