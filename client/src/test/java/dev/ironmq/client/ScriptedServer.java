package dev.ironmq.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on a free port that reads each request's head and body, then writes the next scripted
 * answer: {@link #CLOSE} closes the connection instead, and an answer ending in {@link #THEN_CLOSE}
 * closes it after writing.
 */
final class ScriptedServer implements AutoCloseable {
  static final String CLOSE = "<close>";
  static final String THEN_CLOSE = "<then close>";

  final ServerSocket socket = new ServerSocket(0);
  final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  final AtomicInteger connections = new AtomicInteger();

  ScriptedServer(String... script) throws IOException {
    answers.addAll(List.of(script));
    Thread acceptor = new Thread(this::accept);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connections.incrementAndGet();
        Thread serving = new Thread(() -> serve(connection));
        serving.setDaemon(true);
        serving.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(connection.getInputStream(), ISO_8859_1));
      OutputStream out = connection.getOutputStream();
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
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
