package dev.ironmq.http;

import dev.ironmq.backend.problem.ProblemException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a raw request path into segments and percent-decodes each on its own, so that an encoded
 * slash stays inside its segment. A plus sign is a plus sign (paths are not forms). Bytes of the
 * path, percent-encoded or raw (the HTTP codec hands raw bytes over as Latin-1 characters), must be
 * UTF-8.
 */
final class PathSegments {
  private PathSegments() {}

  /** The raw (still encoded) segments of a path, without empty leading or trailing ones. */
  static List<String> split(String rawPath) {
    List<String> segments = new ArrayList<>(8);
    int start = rawPath.startsWith("/") ? 1 : 0;
    int end =
        rawPath.endsWith("/") && rawPath.length() > 1 ? rawPath.length() - 1 : rawPath.length();
    while (start <= end) {
      int slash = rawPath.indexOf('/', start);
      if (slash < 0 || slash > end) {
        slash = end;
      }
      segments.add(rawPath.substring(start, slash));
      start = slash + 1;
    }
    return segments;
  }

  /** Percent-decodes one segment as UTF-8; malformed escapes or bytes are a bad request. */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0 && isAscii(segment)) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        if (i + 2 >= segment.length()) {
          throw malformed();
        }
        int high = Character.digit(segment.charAt(i + 1), 16);
        int low = Character.digit(segment.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw malformed();
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c <= 0xFF) {
        bytes.write(c);
      } else {
        throw malformed();
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed();
    }
  }

  private static boolean isAscii(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      if (segment.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static ProblemException malformed() {
    return ProblemException.invalid(
        "The request path has a malformed percent-encoding or bytes that are not UTF-8");
  }
}
