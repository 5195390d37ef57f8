package dev.ironmq.postgres;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Message bodies as the {@code body} column holds them: UTF-8 bytes, since PostgreSQL text cannot
 * hold the NUL character a body may contain.
 */
final class Bodies {
  private Bodies() {}

  static Buffer bytes(String body) {
    return Buffer.buffer(body.getBytes(StandardCharsets.UTF_8));
  }

  static String text(Buffer bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
