package dev.ironmq.backend;

/**
 * Every default and limit of the queue API, in one place. Values follow IronMQ's published limits,
 * except where noted.
 */
public final class Limits {
  private Limits() {}

  /** Messages per reserve and per peek. */
  public static final int MAX_MESSAGES_PER_RESERVE = 100;

  /** Messages per post request. */
  public static final int MAX_MESSAGES_PER_POST = 100;

  /** Ids per batch delete. */
  public static final int MAX_IDS_PER_DELETE = 100;

  public static final int DEFAULT_MESSAGE_TIMEOUT_SECONDS = 60;

  /**
   * IronMQ documents a 30-second minimum, but its own client tests reserve for 3 to 10 seconds and
   * rely on it, so any positive timeout is accepted.
   */
  public static final int MIN_TIMEOUT_SECONDS = 1;

  public static final int MAX_TIMEOUT_SECONDS = 86_400;

  public static final int MAX_WAIT_SECONDS = 30;

  public static final int MAX_DELAY_SECONDS = 604_800;

  public static final int DEFAULT_MESSAGE_EXPIRATION_SECONDS = 604_800;

  public static final int MAX_MESSAGE_EXPIRATION_SECONDS = 2_592_000;

  public static final int DEFAULT_MAX_RESERVATIONS = 10;

  public static final int MAX_MAX_RESERVATIONS = 1000;

  public static final int DEFAULT_PER_PAGE = 30;

  /** Larger page sizes are clamped to this rather than refused (IronMQ's Go tests ask for 101). */
  public static final int MAX_PER_PAGE = 100;

  /** Queue names are at most this many UTF-8 bytes. */
  public static final int MAX_QUEUE_NAME_BYTES = 255;

  /** The default limit on one message body, in UTF-8 bytes; the server can raise it. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
}
