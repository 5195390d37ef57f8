package dev.ironmq.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Reservation ids: 128 bits from a cryptographically strong generator, as 32 hex characters. A push
 * delivery's reservation id is the only capability of its token-less acknowledgement URL, so it
 * must not be predictable from ids a client has seen (a mixing generator such as {@code
 * SplittableRandom} can be run forward from one of its outputs).
 *
 * <p>Random bytes are drawn a few kilobytes at a time, which makes an id cost about as little as a
 * non-cryptographic one. Not thread-safe: each shard has its own.
 */
final class ReservationIds {
  private static final int ID_BYTES = 16;
  private static final int BUFFER_BYTES = 4096;
  private static final HexFormat HEX = HexFormat.of();

  private final SecureRandom random = new SecureRandom();
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position = BUFFER_BYTES;

  String next() {
    if (position == BUFFER_BYTES) {
      random.nextBytes(buffer);
      position = 0;
    }
    String id = HEX.formatHex(buffer, position, position + ID_BYTES);
    position += ID_BYTES;
    return id;
  }
}
