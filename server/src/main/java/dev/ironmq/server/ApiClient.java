package dev.ironmq.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of a running server's HTTP API, for the subcommands that talk to one. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * An answer of the API.
   *
   * @param status the HTTP status
   * @param body the JSON body
   */
  record Answer(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return MissingNode.getInstance();
      }
    }

    /** The server's explanation of a refusal, else the body itself. */
    String msg() {
      String msg = json().path("msg").asText("");
      return msg.isEmpty() ? body : msg;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;

  ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  Answer get(String path) {
    return send("GET", path, null, Duration.ofSeconds(30));
  }

  Answer post(String path, String json) {
    return send("POST", path, json, Duration.ofSeconds(30));
  }

  Answer delete(String path) {
    return send("DELETE", path, null, Duration.ofSeconds(30));
  }

  /** A call with a JSON body or none, which may take up to {@code timeout} to answer. */
  Answer send(String method, String path, String json, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "OAuth " + token)
            .timeout(timeout);
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot reach the server at " + baseUrl + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
