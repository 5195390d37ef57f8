package dev.ironmq.core;

/**
 * Writes the small JSON documents the engine posts as message bodies (error-queue reports and
 * alerts), without a JSON library in the engine.
 */
final class JsonText {
  private final StringBuilder json = new StringBuilder(256);
  private boolean first = true;

  JsonText open() {
    separate();
    json.append('{');
    first = true;
    return this;
  }

  JsonText close() {
    json.append('}');
    first = false;
    return this;
  }

  JsonText openArray(String name) {
    name(name);
    json.append('[');
    first = true;
    return this;
  }

  JsonText closeArray() {
    json.append(']');
    first = false;
    return this;
  }

  JsonText openObject(String name) {
    name(name);
    json.append('{');
    first = true;
    return this;
  }

  JsonText field(String name, String value) {
    name(name);
    quote(value);
    return this;
  }

  JsonText field(String name, long value) {
    name(name);
    json.append(value);
    return this;
  }

  @Override
  public String toString() {
    return json.toString();
  }

  private void name(String name) {
    separate();
    quote(name);
    json.append(':');
  }

  private void separate() {
    if (!first) {
      json.append(',');
    }
    first = false;
  }

  private void quote(String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
