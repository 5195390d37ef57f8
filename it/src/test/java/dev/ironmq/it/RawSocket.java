package dev.ironmq.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes written straight to a server's port, for what no HTTP client will send: broken request
 * lines, odd framing, raw bytes in a path. The answer is read until the server closes the
 * connection or stays silent for the timeout, and kept as Latin-1 so that every byte survives.
 */
final class RawSocket {
  private RawSocket() {}

  /** Sends the request and returns everything the server wrote back. */
  static Answer exchange(int port, byte[] request, int timeoutMillis) {
    long started = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(timeoutMillis);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      boolean closed = readUntilClosedOrSilent(socket.getInputStream(), answer);
      return new Answer(
          answer.toString(StandardCharsets.ISO_8859_1),
          closed,
          (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Answer exchange(int port, String request) {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), 5000);
  }

  private static boolean readUntilClosedOrSilent(InputStream in, ByteArrayOutputStream out)
      throws IOException {
    byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
      }
      return true;
    } catch (SocketTimeoutException silent) {
      return false;
    }
  }

  /**
   * What came back.
   *
   * @param text the bytes as Latin-1 characters
   * @param closed whether the server closed the connection (rather than fell silent)
   * @param millis how long the exchange took
   */
  record Answer(String text, boolean closed, long millis) {
    int status() {
      return text.length() < 12 ? 0 : Integer.parseInt(text.substring(9, 12));
    }

    /** The body after the head, decoded as UTF-8. */
    String body() {
      int end = text.indexOf("\r\n\r\n");
      String raw = end < 0 ? "" : text.substring(end + 4);
      return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
  }
}
