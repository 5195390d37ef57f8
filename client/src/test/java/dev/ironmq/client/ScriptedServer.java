package dev.ironmq.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on a free port, or on a Unix domain socket, that reads each request's head and body,
 * then writes the next scripted answer: {@link #CLOSE} closes the connection instead, and an answer
 * ending in {@link #THEN_CLOSE} closes it after writing.
 */
final class ScriptedServer implements AutoCloseable {
  static final String CLOSE = "<close>";
  static final String THEN_CLOSE = "<then close>";

  final ServerSocketChannel socket;
  final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  final AtomicInteger connections = new AtomicInteger();
  private final Semaphore closedConnections = new Semaphore(0);
  private final Optional<Path> path;

  /** A server on a free port of 127.0.0.1. */
  ScriptedServer(String... script) throws IOException {
    this(Optional.empty(), script);
  }

  /** A server on the Unix domain socket {@code path}, or on a free port when there is none. */
  ScriptedServer(Optional<Path> path, String... script) throws IOException {
    this.path = path;
    if (path.isPresent()) {
      socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      socket.bind(UnixDomainSocketAddress.of(path.get()));
    } else {
      socket = ServerSocketChannel.open();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
    answers.addAll(List.of(script));
    Thread acceptor = new Thread(this::accept);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The address to name in requests (over a socket, the port is never dialled). */
  URI uri() throws IOException {
    return path.isPresent()
        ? URI.create("http://localhost:1")
        : URI.create(
            "http://127.0.0.1:" + ((InetSocketAddress) socket.getLocalAddress()).getPort());
  }

  private void accept() {
    while (socket.isOpen()) {
      try {
        SocketChannel connection = socket.accept();
        connections.incrementAndGet();
        Thread serving = new Thread(() -> serve(connection));
        serving.setDaemon(true);
        serving.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(SocketChannel connection) {
    try (connection) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(connection), ISO_8859_1));
      OutputStream out = Channels.newOutputStream(connection);
      while (true) {
        String requestLine = in.readLine();
        if (requestLine == null) {
          return;
        }
        int length = 0;
        for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
          if (header.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(header.substring(15).strip());
          }
        }
        char[] body = new char[length];
        for (int read = 0; read < length; ) {
          read += in.read(body, read, length - read);
        }
        requests.add(requestLine + " " + new String(body));
        String answer = answers.take();
        if (answer.equals(CLOSE)) {
          return;
        }
        out.write(answer.replace(THEN_CLOSE, "").getBytes(ISO_8859_1));
        out.flush();
        if (answer.endsWith(THEN_CLOSE)) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the test is over
    } finally {
      closedConnections.release();
    }
  }

  /** Waits until this server has closed {@code count} connections. */
  void awaitClosed(int count) throws InterruptedException {
    if (!closedConnections.tryAcquire(count, 5, TimeUnit.SECONDS)) {
      throw new AssertionError("the server did not close " + count + " connections");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    if (path.isPresent()) {
      Files.deleteIfExists(path.get());
    }
  }
}
