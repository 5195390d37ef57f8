package dev.ironmq.http;

import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.Tokens;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Development mode, a stand-in for IronMQ's test image: one token opens any project whose id is
 * made of letters, digits, {@code -} and {@code _}, and the project is created, durably and empty,
 * on its first request. The token opens nothing else: not the admin API, and it is not a token of
 * the backend's, so a normal token's projects stay its own.
 */
final class DevProjects {
  private final byte[] tokenHash;
  private final QueueBackend backend;

  /** Projects this server made or found already; the backend is asked once for each. */
  private final Set<String> ready = ConcurrentHashMap.newKeySet();

  private DevProjects(String token, QueueBackend backend) {
    this.tokenHash = digest(token);
    this.backend = backend;
  }

  static Optional<DevProjects> of(Optional<String> token, QueueBackend backend) {
    return token.map(t -> new DevProjects(t, backend));
  }

  /** Whether a request's token is the development token (compared in constant time). */
  boolean opens(String token) {
    return MessageDigest.isEqual(tokenHash, digest(token));
  }

  /** Completes once the project exists, creating it on first use. */
  CompletableFuture<Void> open(String projectId) {
    if (ready.contains(projectId)) {
      return CompletableFuture.completedFuture(null);
    }
    if (!Tokens.isDevProjectId(projectId)) {
      throw ProblemException.of(
          new Problem.ProjectNotFound(
              "Project not found: a development project id is 1 to 64 letters, digits, - or _"));
    }
    return backend
        .createProject(Optional.of(projectId), "development")
        .thenRun(() -> ready.add(projectId));
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
