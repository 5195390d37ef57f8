package dev.ironmq.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A non-blocking HTTP client for JSON APIs, with up to one keep-alive connection per concurrent
 * caller, to the URL's host and port or to a Unix domain socket; given several URLs (servers that
 * share their state), it sends each request to the next one in turn. A call from outside Vert.x
 * moves onto the client's context, since a response must be read on the thread that receives it.
 */
public final class JsonHttpClient {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Context context;
  private final Optional<SocketAddress> server;
  private final List<URI> servers;
  private int next;

  public JsonHttpClient(Vertx vertx, String url, int connections) {
    this(vertx, url, Optional.empty(), connections);
  }

  /** A client that connects to {@code socket}, when there is one, instead of the URL's port. */
  public JsonHttpClient(Vertx vertx, String url, Optional<Path> socket, int connections) {
    this(vertx, List.of(url), socket, connections);
  }

  /**
   * A client that spreads its requests over these URLs' servers, or connects to {@code socket},
   * when there is one, instead of the first URL's port.
   */
  public JsonHttpClient(Vertx vertx, List<String> urls, Optional<Path> socket, int connections) {
    this.server =
        socket.map(path -> SocketAddress.domainSocketAddress(path.toAbsolutePath().toString()));
    this.servers = urls.stream().map(URI::create).toList();
    URI uri = servers.get(0);
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort())
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setIdleTimeout(0),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    this.context = vertx.getOrCreateContext();
  }

  /** Sends a request; fails unless the answer is a 2xx, else yields its JSON body. */
  public Future<JsonNode> send(RequestOptions options, Buffer body) {
    if (Vertx.currentContext() == null) {
      Promise<JsonNode> answer = Promise.promise();
      context.runOnContext(v -> exchange(options, body).onComplete(answer));
      return answer.future();
    }
    return exchange(options, body);
  }

  private Future<JsonNode> exchange(RequestOptions options, Buffer body) {
    server.ifPresent(options::setServer);
    if (servers.size() > 1 && server.isEmpty()) {
      URI to = servers.get(next);
      next = (next + 1) % servers.size();
      options.setHost(to.getHost()).setPort(to.getPort());
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        answer ->
                            response.statusCode() / 100 == 2
                                ? Future.succeededFuture(parse(answer))
                                : Future.failedFuture(
                                    options.getMethod()
                                        + " "
                                        + options.getURI()
                                        + " answered "
                                        + response.statusCode()
                                        + ": "
                                        + answer)));
  }

  /** JSON as a request body. */
  public static Buffer encode(Object json) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode parse(Buffer body) {
    if (body.length() == 0) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Future<Void> close() {
    return http.close();
  }
}
