package dev.ironmq.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 to the one server a client talks to, over a pool of keep-alive connections. A blocking
 * call runs on the caller's thread; an asynchronous one on a pooled daemon thread, which completes
 * its future. Each call costs a write and a read or two: about 24 µs of CPU where the JDK's {@code
 * HttpClient} on Java 17 spent about 390 µs (fifteen callers posting to a local server), which a
 * web app posting a message per request pays on every request.
 *
 * <p>A pooled connection idle longer than {@link #MAX_IDLE} is closed rather than reused, before
 * servers and proxies drop it. When a reused connection turns out closed before a byte of the
 * answer came, an idempotent request ({@code GET}, {@code PUT}, {@code DELETE}) is sent once more
 * on a new connection. Any other ({@code POST}: a post, a reserve, a touch) is not: through a proxy
 * or a load balancer, the request may have reached the server before the connection dropped, and
 * sending it again could post a message twice; the caller gets the failure, which says the outcome
 * is unknown. To keep that rare, a connection idle for {@code probeAfter} or more is first checked
 * for a close by the server (a read that waits a millisecond), and a closed one is replaced before
 * anything is sent on it.
 */
final class Http1Client implements AutoCloseable {
  static final Duration MAX_IDLE = Duration.ofSeconds(15);
  static final Duration PROBE_AFTER = Duration.ofSeconds(1);
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
  private static final int MAX_POOLED = 64;
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final String host;
  private final int port;
  private final boolean tls;
  private final Optional<Path> socket;
  private final String hostHeader;
  private final Duration connectTimeout;
  private final Duration probeAfter;
  private final Deque<Http1Connection> idle = new ArrayDeque<>();
  private final ExecutorService callers;
  private boolean closed;

  /**
   * A client of the server at {@code base}, reached through the Unix domain socket {@code socket}
   * when there is one.
   */
  Http1Client(URI base, Optional<Path> socket, Duration connectTimeout) {
    this(base, socket, connectTimeout, PROBE_AFTER);
  }

  /** A client that checks a pooled connection idle for {@code probeAfter} before a POST on it. */
  Http1Client(URI base, Optional<Path> socket, Duration connectTimeout, Duration probeAfter) {
    this.probeAfter = probeAfter;
    this.socket = socket;
    this.tls = "https".equalsIgnoreCase(base.getScheme());
    String named = base.getHost();
    this.host = named.startsWith("[") ? named.substring(1, named.length() - 1) : named;
    int defaultPort = tls ? 443 : 80;
    this.port = base.getPort() < 0 ? defaultPort : base.getPort();
    this.hostHeader = port == defaultPort ? named : named + ":" + port;
    this.connectTimeout = connectTimeout;
    int client = CLIENTS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory daemons =
        task -> {
          Thread thread =
              new Thread(task, "ironmq-client-" + client + "-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.callers = Executors.newCachedThreadPool(daemons);
  }

  /** Sends a request on the caller's thread and reads the answer. */
  Http1Connection.Answer send(
      String method,
      String target,
      List<Map.Entry<String, String>> headers,
      byte[] body,
      Duration timeout)
      throws IOException {
    boolean idempotent = IDEMPOTENT.contains(method);
    while (true) {
      Http1Connection connection = pooled();
      boolean reused = connection != null;
      if (reused
          && !idempotent
          && connection.idle().compareTo(probeAfter) >= 0
          && connection.closedWhileIdle()) {
        connection.close();
        continue;
      }
      if (!reused) {
        connection = open();
      }
      try {
        Http1Connection.Answer answer =
            connection.exchange(method, target, hostHeader, headers, body, timeout);
        release(connection);
        return answer;
      } catch (Http1Connection.ClosedBeforeAnswerException stale) {
        connection.close();
        if (!reused) {
          throw stale;
        }
        if (!idempotent) {
          throw new Http1Connection.ClosedBeforeAnswerException(
              stale.getMessage()
                  + " after the request was sent; whether the server acted on it is unknown,"
                  + " so it was not sent again",
              stale);
        }
      } catch (IOException | RuntimeException e) {
        connection.close();
        throw e;
      }
    }
  }

  /** Sends a request on a pooled thread; the future completes there. */
  CompletableFuture<Http1Connection.Answer> sendAsync(
      String method,
      String target,
      List<Map.Entry<String, String>> headers,
      byte[] body,
      Duration timeout) {
    CompletableFuture<Http1Connection.Answer> answer = new CompletableFuture<>();
    Runnable call =
        () -> {
          Http1Connection.Answer result;
          try {
            result = send(method, target, headers, body, timeout);
          } catch (IOException | RuntimeException e) {
            answer.completeExceptionally(e);
            return;
          }
          answer.complete(result);
        };
    try {
      callers.execute(call);
    } catch (RejectedExecutionException closed) {
      answer.completeExceptionally(new IOException("the client is closed", closed));
    }
    return answer;
  }

  private Http1Connection open() throws IOException {
    return new Http1Connection(
        socket.isPresent()
            ? UnixSocketWire.open(socket.get())
            : SocketWire.open(host, port, tls, connectTimeout));
  }

  private Http1Connection pooled() {
    synchronized (idle) {
      while (!idle.isEmpty()) {
        Http1Connection connection = idle.pollLast();
        if (connection.idle().compareTo(MAX_IDLE) < 0) {
          return connection;
        }
        connection.close();
      }
      return null;
    }
  }

  private void release(Http1Connection connection) {
    if (connection.reusable()) {
      synchronized (idle) {
        if (!closed && idle.size() < MAX_POOLED) {
          idle.addLast(connection);
          return;
        }
      }
    }
    connection.close();
  }

  /** Closes the idle connections; calls in flight finish on theirs, which are then closed. */
  @Override
  public void close() {
    synchronized (idle) {
      closed = true;
      idle.forEach(Http1Connection::close);
      idle.clear();
    }
    callers.shutdown();
  }
}
