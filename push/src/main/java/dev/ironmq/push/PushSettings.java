package dev.ironmq.push;

import java.time.Duration;

/**
 * How the server pushes to HTTP subscribers.
 *
 * @param connectTimeout how long to wait for a connection
 * @param responseTimeout how long to wait for an answer once the request is sent
 * @param concurrencyPerSubscriber requests in flight to one subscriber at most; more wait
 * @param allowPrivateAddresses whether subscribers may be on loopback, private or link-local
 *     addresses (checked again at each delivery, against the addresses the name resolves to)
 * @param publicUrl the URL by which subscribers reach this server, for acknowledgement URLs
 */
public record PushSettings(
    Duration connectTimeout,
    Duration responseTimeout,
    int concurrencyPerSubscriber,
    boolean allowPrivateAddresses,
    String publicUrl) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_CONCURRENCY = 32;
}
