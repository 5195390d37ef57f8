package dev.ironmq.backend;

import dev.ironmq.backend.problem.ProblemException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The limits on messages and on the numbers of message calls, checked before any work. */
public final class MessageRules {
  /** Headers that push deliveries set themselves and that a message may not replace. */
  public static final Set<String> RESERVED_PUSH_HEADERS =
      Set.of(
          "content-type",
          "user-agent",
          "iron-message-id",
          "iron-reservation-id",
          "iron-subscriber-name",
          "iron-subscriber-message-url");

  public static final int MAX_PUSH_HEADERS = 5;
  public static final int MAX_PUSH_HEADER_NAME_BYTES = 64;
  public static final int MAX_PUSH_HEADER_VALUE_BYTES = 1024;

  private MessageRules() {}

  public static void checkPost(List<NewMessage> messages, int maxMessageBytes) {
    if (messages.isEmpty()) {
      throw ProblemException.invalid("messages must hold at least one message");
    }
    if (messages.size() > Limits.MAX_MESSAGES_PER_POST) {
      throw ProblemException.invalid(
          "At most " + Limits.MAX_MESSAGES_PER_POST + " messages can be posted at once");
    }
    for (NewMessage message : messages) {
      if (utf8Length(message.body()) > maxMessageBytes) {
        throw ProblemException.invalid(
            "A message body may be at most " + maxMessageBytes + " bytes");
      }
      checkDelay(message.delaySeconds());
      checkTimeout(message.timeoutSeconds());
      if (message.expiresInSeconds() < 0
          || message.expiresInSeconds() > Limits.MAX_MESSAGE_EXPIRATION_SECONDS) {
        throw ProblemException.invalid(
            "expires_in must be between 0 and " + Limits.MAX_MESSAGE_EXPIRATION_SECONDS);
      }
      checkPushHeaders(message.pushHeaders());
    }
  }

  /** Whether a header may be a push header (for webhooks, which drop the others silently). */
  public static boolean isValidPushHeader(String name, String value) {
    return !name.isEmpty()
        && utf8Length(name) <= MAX_PUSH_HEADER_NAME_BYTES
        && !RESERVED_PUSH_HEADERS.contains(name.toLowerCase(Locale.ROOT))
        && !value.isEmpty()
        && utf8Length(value) <= MAX_PUSH_HEADER_VALUE_BYTES;
  }

  private static void checkPushHeaders(Map<String, String> headers) {
    if (headers.size() > MAX_PUSH_HEADERS) {
      throw ProblemException.invalid(
          "A message may have at most " + MAX_PUSH_HEADERS + " push_headers");
    }
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (name.isEmpty() || utf8Length(name) > MAX_PUSH_HEADER_NAME_BYTES) {
        throw ProblemException.invalid(
            "A push header name must be 1 to " + MAX_PUSH_HEADER_NAME_BYTES + " bytes");
      }
      if (RESERVED_PUSH_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw ProblemException.invalid("The push header " + name + " cannot be set");
      }
      if (header.getValue().isEmpty()
          || utf8Length(header.getValue()) > MAX_PUSH_HEADER_VALUE_BYTES) {
        throw ProblemException.invalid(
            "A push header value must be 1 to " + MAX_PUSH_HEADER_VALUE_BYTES + " bytes");
      }
    }
  }

  public static void checkReserve(ReserveRequest request) {
    checkCount(request.count(), "n", Limits.MAX_MESSAGES_PER_RESERVE);
    checkTimeout(request.timeoutSeconds());
    if (request.waitSeconds() < 0 || request.waitSeconds() > Limits.MAX_WAIT_SECONDS) {
      throw ProblemException.invalid("wait must be between 0 and " + Limits.MAX_WAIT_SECONDS);
    }
  }

  public static void checkCount(int count, String name, int max) {
    if (count < 1 || count > max) {
      throw ProblemException.invalid(name + " must be between 1 and " + max);
    }
  }

  /** A reservation timeout: 0 for the default, else within the limits. */
  public static void checkTimeout(int timeoutSeconds) {
    if (timeoutSeconds != 0
        && (timeoutSeconds < Limits.MIN_TIMEOUT_SECONDS
            || timeoutSeconds > Limits.MAX_TIMEOUT_SECONDS)) {
      throw ProblemException.invalid(
          "timeout must be between "
              + Limits.MIN_TIMEOUT_SECONDS
              + " and "
              + Limits.MAX_TIMEOUT_SECONDS);
    }
  }

  public static void checkDelay(int delaySeconds) {
    if (delaySeconds < 0 || delaySeconds > Limits.MAX_DELAY_SECONDS) {
      throw ProblemException.invalid("delay must be between 0 and " + Limits.MAX_DELAY_SECONDS);
    }
  }

  public static void checkDeleteTargets(List<DeleteTarget> targets) {
    if (targets.isEmpty()) {
      throw ProblemException.invalid("ids must name at least one message");
    }
    if (targets.size() > Limits.MAX_IDS_PER_DELETE) {
      throw ProblemException.invalid(
          "At most " + Limits.MAX_IDS_PER_DELETE + " messages can be deleted at once");
    }
  }

  /** The UTF-8 length of a string, without encoding it when the answer is obvious. */
  public static int utf8Length(String s) {
    int length = s.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(c)) {
          bytes += 2;
          i++;
        } else {
          bytes += 2;
        }
      }
    }
    return bytes;
  }
}
