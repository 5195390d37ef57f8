package dev.ironmq.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the admin subcommands find the server and the admin token. */
final class AdminOptions {
  @Option(
      names = "--url",
      defaultValue = "${env:IRONMQ_URL}",
      description =
          "Server URL (IRONMQ_URL); by default the host and port in <data-dir>/iron.json,"
              + " else http://127.0.0.1:8080.")
  String url;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:IRONMQ_ADMIN_TOKEN}",
      description =
          "Admin token (IRONMQ_ADMIN_TOKEN); by default read from <data-dir>/admin-token.")
  String adminToken;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:IRONMQ_DATA_DIR:-./data}",
      description = "The server's data directory (IRONMQ_DATA_DIR).")
  Path dataDir;

  ApiClient client() {
    return new ApiClient(baseUrl(), token());
  }

  private String baseUrl() {
    if (url != null && !url.isBlank()) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
    return IronJson.read(dataDir.resolve("iron.json"))
        .map(
            json ->
                "http://"
                    + json.path("host").asText("127.0.0.1")
                    + ":"
                    + json.path("port").asInt(8080))
        .orElse("http://127.0.0.1:8080");
  }

  private String token() {
    if (adminToken != null && !adminToken.isBlank()) {
      return adminToken.trim();
    }
    Path file = dataDir.resolve("admin-token");
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "No admin token: pass --admin-token, set IRONMQ_ADMIN_TOKEN, or run where "
              + file
              + " is readable",
          e);
    }
  }
}
