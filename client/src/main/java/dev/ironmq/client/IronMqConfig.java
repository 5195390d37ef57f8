package dev.ironmq.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the server is and how to authenticate: a project id and a token.
 *
 * <p>{@link #load()} finds them where the official IronMQ clients do, each setting on its own, the
 * first source that has it winning:
 *
 * <ol>
 *   <li>the file named by {@code IRON_MQ_CONFIG}, then by {@code IRON_CONFIG};
 *   <li>environment variables {@code IRON_MQ_TOKEN}, {@code IRON_MQ_PROJECT_ID}, {@code
 *       IRON_MQ_HOST}, {@code IRON_MQ_PORT}, {@code IRON_MQ_SCHEME}, {@code IRON_MQ_SOCKET}, then
 *       the same without {@code MQ_} ({@code IRON_TOKEN}...);
 *   <li>{@code iron-mq.json}, {@code iron_mq.json} and {@code iron.json} (each also as a dot-file
 *       and under {@code config/}) in the working directory, then in the home directory;
 *   <li>IronMQ's public service ({@code https://mq-aws-us-east-1-1.iron.io:443}).
 * </ol>
 *
 * <p>In a file, a setting may sit at the top level or under {@code iron_mq}, {@code iron.mq},
 * {@code mq} or {@code iron}, the more specific winning; {@code protocol} is read as {@code
 * scheme}.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the server's host name
 * @param port the server's port
 * @param projectId the project the queues belong to
 * @param token a token that opens the project
 * @param socket a Unix domain socket the server listens on, to connect to instead of the host and
 *     port (the requests still name the host); a setting of this client alone, which {@code ironmq
 *     serve --socket} writes into its {@code iron.json}
 */
public record IronMqConfig(
    String scheme, String host, int port, String projectId, String token, Optional<Path> socket) {
  static final String DEFAULT_SCHEME = "https";
  static final String DEFAULT_HOST = "mq-aws-us-east-1-1.iron.io";
  static final int DEFAULT_PORT = 443;

  public IronMqConfig {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("scheme must be http or https, not " + scheme);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
    }
    if (projectId == null || projectId.isBlank()) {
      throw new IllegalArgumentException("a project id is required (IRON_PROJECT_ID, iron.json)");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a token is required (IRON_TOKEN, iron.json)");
    }
    Objects.requireNonNull(socket, "socket");
    if (socket.isPresent() && !scheme.equals("http")) {
      throw new IllegalArgumentException("a socket is spoken to in http, not " + scheme);
    }
  }

  /** A server reached at its host and port. */
  public IronMqConfig(String scheme, String host, int port, String projectId, String token) {
    this(scheme, host, port, projectId, token, Optional.empty());
  }

  /** A server at a URL such as {@code http://127.0.0.1:8080}. */
  public static IronMqConfig of(String url, String projectId, String token) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? DEFAULT_SCHEME : uri.getScheme();
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
    return new IronMqConfig(scheme, uri.getHost(), port, projectId, token);
  }

  /** The configuration from the environment and the usual files; see the class comment. */
  public static IronMqConfig load() {
    return new ConfigSources(
            System.getenv(),
            Path.of(System.getProperty("user.dir")),
            Path.of(System.getProperty("user.home")))
        .load(Map.of());
  }

  /** The configuration from one {@code iron.json}, nothing else. */
  public static IronMqConfig fromFile(Path ironJson) {
    return ConfigSources.fromFile(ironJson);
  }

  /** The same server with another project and token. */
  public IronMqConfig withProject(String projectId, String token) {
    return new IronMqConfig(scheme, host, port, projectId, token, socket);
  }

  /** The same, reached through the Unix domain socket at {@code path}. */
  public IronMqConfig withSocket(Path path) {
    return new IronMqConfig(scheme, host, port, projectId, token, Optional.of(path));
  }

  /** {@code scheme://host:port}. */
  public URI baseUri() {
    return URI.create(scheme + "://" + host + ":" + port);
  }

  @Override
  public String toString() {
    return "IronMqConfig["
        + baseUri()
        + socket.map(path -> " through " + path).orElse("")
        + ", project "
        + projectId
        + ", token ****]";
  }
}
