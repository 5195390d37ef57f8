package dev.ironmq.postgres;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Reservation ids of push attempts: 128 random bits in hex, unguessable, as the embedded engine's.
 * (Reservations of messages are made in SQL, from {@code gen_random_uuid()}.)
 */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {}

  static String reservation() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }
}
