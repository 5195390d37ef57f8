package dev.ironmq.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a {@link Wire}, used for one exchange at a time: the request goes
 * out in a single write and the answer is read with blocking I/O under a read timeout. Bodies come
 * with a {@code Content-Length}, chunked, or up to the end of the stream.
 */
final class Http1Connection implements AutoCloseable {
  /** An answer as read: the status, the headers by lower-case name, the body. */
  record Answer(int status, Map<String, String> headers, byte[] body) {}

  /** The connection ended before a single byte of the answer came: a stale pooled connection. */
  static final class ClosedBeforeAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    ClosedBeforeAnswerException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final long MAX_BODY = 256L << 20;

  /** What a wire's read timeout can be: a socket takes whole milliseconds in an int, 0 as never. */
  private static final Duration MIN_READ_TIMEOUT = Duration.ofMillis(1);

  private static final Duration MAX_READ_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  private final Wire wire;
  private final InputStream in;
  private final OutputStream out;
  private boolean reusable = true;
  private long idleSince = System.nanoTime();

  Http1Connection(Wire wire) {
    this.wire = wire;
    this.in = new BufferedInputStream(wire.input(), 16 * 1024);
    this.out = wire.output();
  }

  /**
   * Sends a request and reads its answer.
   *
   * @param target the path and query
   * @param headers name and value pairs, {@code Host} and {@code Content-Length} aside
   * @param body the body, or null for none
   * @param timeout the longest wait for each read of the answer
   */
  Answer exchange(
      String method,
      String target,
      String host,
      List<Map.Entry<String, String>> headers,
      byte[] body,
      Duration timeout)
      throws IOException {
    wire.readTimeout(within(timeout, MIN_READ_TIMEOUT, MAX_READ_TIMEOUT));
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(host);
    refuseLineBreaks(target);
    for (Map.Entry<String, String> header : headers) {
      refuseLineBreaks(header.getKey());
      refuseLineBreaks(header.getValue());
      head.append("\r\n").append(header.getKey()).append(": ").append(header.getValue());
    }
    int length = body == null ? 0 : body.length;
    if (body != null || !method.equals("GET")) {
      head.append("\r\nContent-Length: ").append(length);
    }
    byte[] headBytes = head.append("\r\n\r\n").toString().getBytes(ISO_8859_1);
    byte[] request = new byte[headBytes.length + length];
    System.arraycopy(headBytes, 0, request, 0, headBytes.length);
    if (length > 0) {
      System.arraycopy(body, 0, request, headBytes.length, length);
    }
    try {
      out.write(request);
      out.flush();
    } catch (SocketException e) {
      throw new ClosedBeforeAnswerException("the connection was closed: " + e.getMessage(), e);
    }
    return readAnswer(method);
  }

  private Answer readAnswer(String method) throws IOException {
    String statusLine = firstLine();
    while (true) {
      int status = status(statusLine);
      Map<String, String> headers = readHeaders();
      if (status >= 100 && status < 200) {
        statusLine = readLine(); // an interim answer: the real one follows
        continue;
      }
      boolean http10 = statusLine.startsWith("HTTP/1.0");
      String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
      reusable = http10 ? connection.contains("keep-alive") : !connection.contains("close");
      byte[] body;
      if (method.equals("HEAD") || status == 204 || status == 304) {
        body = new byte[0];
      } else if (headers
          .getOrDefault("transfer-encoding", "")
          .toLowerCase(Locale.ROOT)
          .contains("chunked")) {
        body = readChunked();
      } else if (headers.containsKey("content-length")) {
        body = readExactly(contentLength(headers.get("content-length")));
      } else {
        reusable = false;
        body = readToEnd();
      }
      idleSince = System.nanoTime();
      return new Answer(status, headers, body);
    }
  }

  /** The status line; an end of stream or a reset before it means the server closed first. */
  private String firstLine() throws IOException {
    int first;
    try {
      first = in.read();
    } catch (SocketException e) {
      throw new ClosedBeforeAnswerException("the connection was reset: " + e.getMessage(), e);
    }
    if (first < 0) {
      throw new ClosedBeforeAnswerException("the server closed the connection", null);
    }
    return (char) first + readLine();
  }

  /** A CR or LF in a request line or header would let a value write headers of its own. */
  private static void refuseLineBreaks(String part) {
    if (part.indexOf('\r') >= 0 || part.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a request line or header must not contain CR or LF");
    }
  }

  private static Duration within(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }

  private static int status(String statusLine) throws IOException {
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.x answer: " + abbreviate(statusLine));
    }
    try {
      return Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + abbreviate(statusLine), e);
    }
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new HashMap<>();
    for (int count = 0; ; count++) {
      String line = readLine();
      if (line.isEmpty()) {
        return headers;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || count >= MAX_HEADERS) {
        throw new IOException("bad header: " + abbreviate(line));
      }
      headers.merge(
          line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip(),
          (a, b) -> a + ", " + b);
    }
  }

  private static long contentLength(String value) throws IOException {
    try {
      long length = Long.parseLong(value.strip());
      if (length < 0 || length > MAX_BODY) {
        throw new IOException("unacceptable Content-Length: " + value);
      }
      return length;
    } catch (NumberFormatException e) {
      throw new IOException("bad Content-Length: " + value, e);
    }
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine();
      int extension = sizeLine.indexOf(';');
      long size;
      try {
        size =
            Long.parseLong(
                (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + abbreviate(sizeLine), e);
      }
      if (size < 0 || body.size() + size > MAX_BODY) {
        throw new IOException("unacceptable chunk size: " + size);
      }
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailers: none that matter here
        }
        return body.toByteArray();
      }
      body.write(readExactly(size));
      if (!readLine().isEmpty()) {
        throw new IOException("a chunk did not end where its size said");
      }
    }
  }

  private byte[] readExactly(long length) throws IOException {
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length < length) {
      throw new EOFException("the answer ended after " + bytes.length + " of " + length + " bytes");
    }
    return bytes;
  }

  private byte[] readToEnd() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      if (body.size() + n > MAX_BODY) {
        throw new IOException("the answer is larger than " + MAX_BODY + " bytes");
      }
      body.write(buffer, 0, n);
    }
    return body.toByteArray();
  }

  /** A line without its CR LF (or bare LF). */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the answer ended in the middle of a line");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("a line of the answer is longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  /** Whether the connection may carry another exchange. */
  boolean reusable() {
    return reusable && wire.isOpen();
  }

  /**
   * Whether the server closed this idle connection (or sent something unasked), found before
   * anything is sent on it.
   */
  boolean closedWhileIdle() throws IOException {
    return in.available() > 0 || wire.closedByPeer();
  }

  /** How long the connection has been idle since its last answer. */
  Duration idle() {
    return Duration.ofNanos(System.nanoTime() - idleSince);
  }

  @Override
  public void close() {
    try {
      wire.close();
    } catch (IOException ignored) {
      // nothing left to do with it
    }
  }
}
