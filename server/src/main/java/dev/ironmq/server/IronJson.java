package dev.ironmq.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code iron.json} file that the official IronMQ clients read: project id, token, scheme, host
 * and port (a number, as the Java client requires), and the Unix domain socket when the server
 * listens on one (this project's client uses it; the official clients ignore the key). It holds a
 * token, so it is written readable by its owner only.
 */
final class IronJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IronJson() {}

  /** Writes a complete file. */
  static void write(Path file, String projectId, String token, Address address) {
    ObjectNode node = JSON.createObjectNode();
    node.put("project_id", projectId).put("token", token);
    writeWithAddress(file, node, address);
  }

  /** Points an existing file at this server's address, keeping its project id and token. */
  static boolean updateAddress(Path file, Address address) {
    Optional<ObjectNode> existing = read(file);
    existing.ifPresent(node -> writeWithAddress(file, node, address));
    return existing.isPresent();
  }

  static Optional<ObjectNode> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of((ObjectNode) JSON.readTree(file.toFile()));
    } catch (IOException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private static void writeWithAddress(Path file, ObjectNode node, Address address) {
    node.put("scheme", "http").put("host", address.host()).put("port", address.port());
    address
        .socket()
        .ifPresentOrElse(
            socket -> node.put("socket", socket.toAbsolutePath().toString()),
            () -> node.remove("socket"));
    SecretFiles.write(file, node.toPrettyString() + "\n");
  }

  /** Where clients reach the server: a host and port, and maybe a Unix domain socket. */
  record Address(String host, int port, Optional<Path> socket) {
    @Override
    public String toString() {
      return host + ":" + port + socket.map(path -> " and " + path).orElse("");
    }
  }
}
