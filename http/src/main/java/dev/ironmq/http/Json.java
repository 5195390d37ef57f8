package dev.ironmq.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writing response bodies. */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Writes JSON with a generator. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator json) throws IOException;
  }

  private Json() {}

  /** A JSON document written by the writer. */
  public static Buffer render(Writer writer) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(256)) {
      try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
        writer.write(json);
      }
      return Buffer.buffer(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"msg": message}}. */
  public static Buffer message(String message) {
    return render(
        json -> {
          json.writeStartObject();
          json.writeStringField("msg", message);
          json.writeEndObject();
        });
  }
}
