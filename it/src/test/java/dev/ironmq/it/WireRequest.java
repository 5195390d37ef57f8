package dev.ironmq.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 request as the fuzz tier writes it to the socket, byte for byte, with the longest it
 * may wait for an answer.
 *
 * @param method the method of the request line, whatever it is
 * @param target the request target, raw (percent-encoded or not)
 * @param headers header lines, in order
 * @param body the body (a Content-Length is added for it)
 * @param deadline how long the answer may take (longer for a long poll)
 */
record WireRequest(
    String method,
    String target,
    List<Map.Entry<String, String>> headers,
    byte[] body,
    Duration deadline) {

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
    for (Map.Entry<String, String> header : headers) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    String shownBody = new String(body, StandardCharsets.UTF_8);
    return method
        + " "
        + target
        + " "
        + headers
        + " body("
        + body.length
        + ")="
        + (shownBody.length() > 300 ? shownBody.substring(0, 300) + "..." : shownBody);
  }
}
