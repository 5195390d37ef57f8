package dev.ironmq.http;

import dev.ironmq.core.NewMessage;
import java.nio.charset.StandardCharsets;

/**
 * The webhook endpoint's one rule, shared by both API versions: any body, of any content type,
 * becomes one message; {@code X-Subscribers-<Name>} headers become its push headers. A body that is
 * not UTF-8 is stored with replacement characters where its bytes are not valid.
 */
public final class Webhooks {
  private Webhooks() {}

  public static NewMessage message(Call call) {
    return NewMessage.fromWebhook(
        call.body().toString(StandardCharsets.UTF_8), call.request().headers());
  }
}
