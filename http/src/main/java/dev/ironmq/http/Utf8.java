package dev.ironmq.http;

/**
 * Checks that text is well-formed Unicode, so that what a client sends is stored and read back byte
 * for byte: bytes must be UTF-8 as RFC 3629 defines it (no overlong forms, no encoded surrogates,
 * nothing above U+10FFFF), and strings decoded from JSON escapes must not hold a lone surrogate.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * Whether the bytes are well-formed UTF-8. ASCII, the common case, costs one pass of compares.
   */
  static boolean isWellFormed(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xFF;
      int length;
      int min;
      int max = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        length = 2;
        min = 0x80;
      } else if (b == 0xE0) {
        length = 3;
        min = 0xA0;
      } else if (b == 0xED) {
        length = 3;
        min = 0x80;
        max = 0x9F;
      } else if (b >= 0xE1 && b <= 0xEF) {
        length = 3;
        min = 0x80;
      } else if (b == 0xF0) {
        length = 4;
        min = 0x90;
      } else if (b >= 0xF1 && b <= 0xF3) {
        length = 4;
        min = 0x80;
      } else if (b == 0xF4) {
        length = 4;
        min = 0x80;
        max = 0x8F;
      } else {
        return false;
      }
      if (i + length > n) {
        return false;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < min || second > max) {
        return false;
      }
      for (int k = 2; k < length; k++) {
        int next = bytes[i + k] & 0xFF;
        if (next < 0x80 || next > 0xBF) {
          return false;
        }
      }
      i += length;
    }
    return true;
  }

  /** Whether every surrogate in the string is part of a pair. */
  static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }
}
