package dev.ironmq.http;

import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.problem.ProblemException;
import java.nio.charset.StandardCharsets;

/**
 * The webhook endpoint's one rule, shared by both API versions: any body of text, whatever its
 * content type, becomes one message; {@code X-Subscribers-<Name>} headers become its push headers.
 * Message bodies are text, stored and read back byte for byte: a body that is not UTF-8 is refused.
 */
public final class Webhooks {
  private Webhooks() {}

  public static NewMessage message(Call call) {
    byte[] bytes = call.body().getBytes();
    if (!Utf8.isWellFormed(bytes)) {
      throw ProblemException.invalid("The webhook body is not valid UTF-8 text");
    }
    return NewMessage.fromWebhook(
        new String(bytes, StandardCharsets.UTF_8), call.request().headers());
  }
}
