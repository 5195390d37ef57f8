package dev.ironmq.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plain HTTP requests, to check the wire itself: statuses, headers and exact bodies. */
final class RawHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** An answer: status, headers and body. */
  record Reply(int status, HttpResponse<String> response) {
    String body() {
      return response.body();
    }

    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + response.body(), e);
      }
    }

    String msg() {
      return json().path("msg").asText();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  private final String baseUrl;
  private final Map<String, String> headers = new LinkedHashMap<>();

  RawHttp(String baseUrl) {
    this.baseUrl = baseUrl;
    headers.put("Authorization", "OAuth " + TestServer.TOKEN);
  }

  /** Requests without the default Authorization header. */
  RawHttp anonymous() {
    RawHttp copy = new RawHttp(baseUrl);
    copy.headers.clear();
    return copy;
  }

  RawHttp withHeader(String name, String value) {
    RawHttp copy = new RawHttp(baseUrl);
    copy.headers.clear();
    copy.headers.putAll(headers);
    copy.headers.put(name, value);
    return copy;
  }

  Reply get(String path) {
    return send("GET", path, null);
  }

  Reply post(String path, String json) {
    return send("POST", path, json);
  }

  Reply put(String path, String json) {
    return send("PUT", path, json);
  }

  Reply patch(String path, String json) {
    return send("PATCH", path, json);
  }

  Reply delete(String path, String json) {
    return send("DELETE", path, json);
  }

  Reply send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
    headers.forEach(request::header);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
