package dev.ironmq.http;

import java.time.Duration;
import java.util.Optional;

/**
 * Limits of the HTTP layer.
 *
 * @param maxRequestBytes the largest request body accepted; larger ones get 413 and the connection
 *     is closed
 * @param bodyTimeout how long a client may take to send its request body before getting 408
 * @param devToken a development token that opens any project, made on first use (see {@link
 *     DevProjects}); empty outside development mode
 * @param metricsToken a token that opens {@code GET /metrics} and nothing else (an admin token
 *     opens it too); empty for none
 */
public record HttpSettings(
    int maxRequestBytes,
    Duration bodyTimeout,
    Optional<String> devToken,
    Optional<String> metricsToken) {
  public static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  public HttpSettings(int maxRequestBytes, Duration bodyTimeout) {
    this(maxRequestBytes, bodyTimeout, Optional.empty(), Optional.empty());
  }

  public static HttpSettings defaults() {
    return new HttpSettings(DEFAULT_MAX_REQUEST_BYTES, DEFAULT_BODY_TIMEOUT);
  }
}
