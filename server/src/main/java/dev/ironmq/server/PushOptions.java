package dev.ironmq.server;

import java.time.Duration;
import java.util.Optional;

/**
 * How the server pushes; see {@code bin/ironmq serve --help}.
 *
 * @param connectTimeout how long to wait for a subscriber's connection
 * @param timeout how long to wait for a subscriber's answer
 * @param concurrency requests in flight to one subscriber at most
 * @param allowPrivateAddresses whether subscribers may be on loopback and private addresses
 * @param retention how long a delivered push message stays readable
 * @param publicUrl the URL subscribers reach this server by; derived from host and port if empty
 */
public record PushOptions(
    Duration connectTimeout,
    Duration timeout,
    int concurrency,
    boolean allowPrivateAddresses,
    Duration retention,
    Optional<String> publicUrl) {

  public static PushOptions defaults() {
    return new PushOptions(
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        32,
        true,
        Duration.ofMinutes(1),
        Optional.empty());
  }

  public PushOptions withAllowPrivateAddresses(boolean allow) {
    return new PushOptions(connectTimeout, timeout, concurrency, allow, retention, publicUrl);
  }

  public PushOptions withTimeout(Duration newTimeout) {
    return new PushOptions(
        connectTimeout, newTimeout, concurrency, allowPrivateAddresses, retention, publicUrl);
  }
}
