package dev.ironmq.backend;

/** The headers of push deliveries: their names and the defaults a subscriber may override. */
public final class PushHeaders {
  private PushHeaders() {}

  public static final String MESSAGE_ID = "Iron-Message-Id";
  public static final String RESERVATION_ID = "Iron-Reservation-Id";
  public static final String SUBSCRIBER_NAME = "Iron-Subscriber-Name";
  public static final String SUBSCRIBER_MESSAGE_URL = "Iron-Subscriber-Message-Url";
  public static final String USER_AGENT = "User-Agent";
  public static final String CONTENT_TYPE = "Content-Type";

  public static final String DEFAULT_USER_AGENT = "IronMQ Pusherd";
  public static final String DEFAULT_CONTENT_TYPE = "text/plain; encoding=utf-8";

  /** The prefix of webhook request headers that become push headers of the message. */
  public static final String WEBHOOK_PREFIX = "X-Subscribers-";
}
