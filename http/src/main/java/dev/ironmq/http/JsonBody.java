package dev.ironmq.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ironmq.backend.problem.ProblemException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object from a request, with typed accessors that refuse wrong types with a clear 400.
 * Unknown fields are ignored; {@code null} reads as absent; numbers must be integers where an
 * integer is expected (no strings, no fractions), as IronMQ's own server required.
 */
public final class JsonBody {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private final ObjectNode node;
  private final String path;

  private JsonBody(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Parses a request body; an empty body is an empty object. */
  public static JsonBody parse(Buffer body) {
    if (body.length() == 0 || isBlank(body)) {
      return new JsonBody(JSON.createObjectNode(), "");
    }
    byte[] bytes = body.getBytes();
    if (!Utf8.isWellFormed(bytes)) {
      throw ProblemException.invalid("The request body is not valid UTF-8");
    }
    JsonNode root;
    try (JsonParser parser = JSON.createParser(bytes)) {
      root = JSON.readTree(parser);
      if (parser.nextToken() != null) {
        throw ProblemException.invalid("The request body has content after its JSON value");
      }
    } catch (IOException e) {
      throw ProblemException.invalid("The request body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw ProblemException.invalid("The request body must be a JSON object");
    }
    return new JsonBody((ObjectNode) root, "");
  }

  private static boolean isBlank(Buffer body) {
    for (int i = 0; i < body.length(); i++) {
      byte b = body.getByte(i);
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  public boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  /** An integer field, or {@code absent} when it is missing or null. */
  public int integer(String field, int absent) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw ProblemException.invalid(name(field) + " must be an integer");
    }
    return value.intValue();
  }

  public Optional<String> string(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw ProblemException.invalid(name(field) + " must be a string");
    }
    return Optional.of(text(value.textValue(), name(field)));
  }

  /** A string from the body, refused when a JSON escape left half of a surrogate pair in it. */
  private static String text(String value, String name) {
    if (!Utf8.isWellFormed(value)) {
      throw ProblemException.invalid(name + " is not valid Unicode text: it has a lone surrogate");
    }
    return value;
  }

  public String requiredString(String field) {
    return string(field).orElseThrow(() -> ProblemException.invalid(name(field) + " is required"));
  }

  public boolean bool(String field, boolean absent) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isBoolean()) {
      throw ProblemException.invalid(name(field) + " must be true or false");
    }
    return value.booleanValue();
  }

  public Optional<JsonBody> object(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw ProblemException.invalid(name(field) + " must be an object");
    }
    return Optional.of(new JsonBody((ObjectNode) value, name(field)));
  }

  /** An array field of objects; missing or null reads as empty. */
  public List<JsonBody> objects(String field) {
    List<JsonNode> items = array(field);
    List<JsonBody> objects = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String itemName = name(field) + "[" + i + "]";
      if (!item.isObject()) {
        throw ProblemException.invalid(itemName + " must be an object");
      }
      objects.add(new JsonBody((ObjectNode) item, itemName));
    }
    return objects;
  }

  /** An array field, or empty when missing or null. */
  public List<JsonNode> array(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw ProblemException.invalid(name(field) + " must be an array");
    }
    List<JsonNode> items = new ArrayList<>(value.size());
    value.forEach(items::add);
    return items;
  }

  /** An object field whose values are all strings; missing or null reads as empty. */
  public Map<String, String> stringMap(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw ProblemException.invalid(name(field) + " must be an object of strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String name = name(field) + "." + entry.getKey();
      if (!entry.getValue().isTextual()) {
        throw ProblemException.invalid(name + " must be a string");
      }
      map.put(text(entry.getKey(), name(field)), text(entry.getValue().textValue(), name));
    }
    return Collections.unmodifiableMap(map);
  }

  /** The field's name as the client wrote it, with the path to it. */
  public String name(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
