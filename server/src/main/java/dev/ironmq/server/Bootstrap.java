package dev.ironmq.server;

import dev.ironmq.backend.IssuedToken;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.backend.Tokens;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a fresh server usable with no set-up: on the first start it creates an admin token, one
 * project and one token for it, and writes {@code iron.json}. On every start it makes sure that the
 * project, token and admin token given by options exist.
 */
final class Bootstrap {
  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

  private final QueueBackend backend;
  private final ServerConfig config;

  private Bootstrap(QueueBackend backend, ServerConfig config) {
    this.backend = backend;
    this.config = config;
  }

  /** Refuses, before anything is written, credentials that the start would fail on later. */
  static void check(ServerConfig config) {
    config
        .projectId()
        .filter(id -> !Tokens.isProjectId(id))
        .ifPresent(
            id -> {
              throw new IllegalArgumentException(
                  "a project id is 24 hexadecimal characters, not '" + id + "'");
            });
    if (config.devToken().isPresent() && !config.devTokenAllowRemote() && !config.loopbackOnly()) {
      throw new IllegalArgumentException(
          "--dev-token opens every project to whoever has it: it is served on a loopback --host"
              + " only, not on "
              + config.host()
              + " (--dev-token-allow-remote to insist)");
    }
    for (Optional<String> token : List.of(config.token(), config.adminToken(), config.devToken())) {
      if (token.isPresent() && !Tokens.isAcceptable(token.get())) {
        throw new IllegalArgumentException(
            "a token is " + Tokens.ACCEPTABLE + "; the one given is not");
      }
    }
  }

  static Credentials run(QueueBackend backend, ServerConfig config, int port) {
    return new Bootstrap(backend, config).run(port);
  }

  private Credentials run(int port) {
    Optional<String> adminToken = ensureAdminToken();
    boolean firstStart = await(backend.listProjects()).isEmpty();
    Optional<String> projectId = config.projectId();
    if (projectId.isPresent() || firstStart) {
      ProjectRecord project = await(backend.createProject(projectId, "default"));
      projectId = Optional.of(project.projectId());
    }
    Optional<String> token = config.token();
    if (token.isPresent() && projectId.isPresent()) {
      ensureTokenOpens(token.get(), projectId.get());
    } else if (firstStart) {
      token =
          Optional.of(
              await(backend.issueToken(Optional.empty(), Set.of(projectId.get()), false, "default"))
                  .token());
    }
    if (firstStart) {
      log.info("Created project {} with token {}", projectId.get(), token.get());
    }
    writeIronJson(projectId, token, port);
    return new Credentials(projectId, token, adminToken);
  }

  private Optional<String> ensureAdminToken() {
    if (config.adminToken().isPresent()) {
      String given = config.adminToken().get();
      if (!backend.authenticate(given).map(TokenRecord::admin).orElse(false)) {
        await(backend.issueToken(Optional.of(given), Set.of(), true, "admin"));
      }
      return Optional.of(given);
    }
    if (await(backend.listTokens()).stream().anyMatch(TokenRecord::admin)) {
      return Optional.empty();
    }
    IssuedToken issued = await(backend.issueToken(Optional.empty(), Set.of(), true, "admin"));
    SecretFiles.write(config.adminTokenFile(), issued.token() + "\n");
    log.info("Created an admin token; it is in {}", config.adminTokenFile());
    return Optional.of(issued.token());
  }

  private void ensureTokenOpens(String token, String projectId) {
    Optional<TokenRecord> existing = backend.authenticate(token);
    if (existing.map(t -> t.projectIds().contains(projectId)).orElse(false)) {
      return;
    }
    Set<String> opens = new HashSet<>(existing.map(TokenRecord::projectIds).orElse(Set.of()));
    opens.add(projectId);
    boolean admin = existing.map(TokenRecord::admin).orElse(false);
    await(backend.issueToken(Optional.of(token), opens, admin, "bootstrap"));
  }

  private void writeIronJson(Optional<String> projectId, Optional<String> token, int port) {
    IronJson.Address address = new IronJson.Address(config.clientHost(), port, config.socket());
    if (projectId.isPresent() && token.isPresent()) {
      IronJson.write(config.ironJson(), projectId.get(), token.get(), address);
      log.info("Wrote {} for the official clients", config.ironJson());
    } else if (IronJson.updateAddress(config.ironJson(), address)) {
      log.info("Pointed {} at {}", config.ironJson(), address);
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during start-up", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("start-up could not write to the store", e);
    }
  }
}
