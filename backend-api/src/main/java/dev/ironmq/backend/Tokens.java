package dev.ironmq.backend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Making and hashing tokens and project ids. Thread-safe. */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  /** The length of the token id shown by listings: a prefix of the token's hash. */
  static final int TOKEN_ID_LENGTH = 16;

  private Tokens() {}

  /** A new token: 24 random bytes, base64url without padding (32 characters, safe in URLs). */
  public static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A new project id: 12 random bytes as 24 lowercase hex characters, like IronMQ's. */
  public static String newProjectId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The hex SHA-256 of a token: what is stored instead of the token. */
  public static String hash(String token) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  /** The short id by which listings and revocation name a token without revealing it. */
  public static String tokenId(String tokenHash) {
    return tokenHash.substring(0, TOKEN_ID_LENGTH);
  }

  /** What {@link #isAcceptable} accepts, for messages. */
  public static final String ACCEPTABLE = "1 to 256 visible ASCII characters (no spaces)";

  /**
   * Whether a string may be a token: {@value #ACCEPTABLE}, so that it travels unchanged in a
   * header, a query string and {@code iron.json}.
   */
  public static boolean isAcceptable(String candidate) {
    if (candidate.isEmpty() || candidate.length() > 256) {
      return false;
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a string may name a project opened by a development token: 1 to 64 letters, digits,
   * {@code -} or {@code _} (what test suites written for IronMQ's own test image use). Every
   * {@linkplain #isProjectId project id} is one.
   */
  public static boolean isDevProjectId(String candidate) {
    if (candidate.isEmpty() || candidate.length() > 64) {
      return false;
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** Whether a string may be a project id: 24 hex characters. */
  public static boolean isProjectId(String candidate) {
    if (candidate.length() != 24) {
      return false;
    }
    for (int i = 0; i < candidate.length(); i++) {
      if (Character.digit(candidate.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
