package dev.ironmq.core.auth;

import dev.ironmq.backend.IssuedToken;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.backend.Tokens;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.store.Batch;
import dev.ironmq.store.Journal;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Projects and the tokens that open them. Reads are lock-free from any thread; changes are
 * serialized, written to the store, and visible once committed.
 */
public final class Projects {
  private final Journal store;
  private final InstantSource clock;
  private final Map<String, ProjectRecord> projects = new ConcurrentHashMap<>();
  private final Map<String, TokenRecord> tokensByHash = new ConcurrentHashMap<>();

  public Projects(Journal store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Called while the engine loads the store. */
  public void restore(ProjectRecord project) {
    projects.put(project.projectId(), project);
  }

  /** Called while the engine loads the store. */
  public void restore(TokenRecord token) {
    tokensByHash.put(token.tokenHash(), token);
  }

  /** The token's record, when the token is known. */
  public Optional<TokenRecord> authenticate(String token) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(tokensByHash.get(Tokens.hash(token)));
  }

  /**
   * Checks that the token opens the project. An unknown token is not authenticated; a known token
   * that does not open an existing project gets the same answer as for a missing project.
   */
  public void checkAccess(String token, String projectId) {
    TokenRecord record =
        authenticate(token)
            .orElseThrow(
                () ->
                    ProblemException.of(new Problem.NotAuthenticated("Invalid or missing token")));
    if (!record.projectIds().contains(projectId) || !projects.containsKey(projectId)) {
      throw ProblemException.of(new Problem.ProjectNotFound("Project not found"));
    }
  }

  /** Checks that the token may use the admin API. */
  public void checkAdmin(String token) {
    if (!authenticate(token).map(TokenRecord::admin).orElse(false)) {
      throw ProblemException.of(new Problem.NotAuthenticated("Invalid or missing admin token"));
    }
  }

  public Optional<ProjectRecord> project(String projectId) {
    return Optional.ofNullable(projects.get(projectId));
  }

  public List<ProjectRecord> projects() {
    return projects.values().stream()
        .sorted(Comparator.comparing(ProjectRecord::projectId))
        .toList();
  }

  public List<TokenRecord> tokens() {
    return tokensByHash.values().stream()
        .sorted(Comparator.comparing(TokenRecord::createdAt).thenComparing(TokenRecord::tokenHash))
        .toList();
  }

  /** Creates a project (with a new id unless one is given); an existing id is kept as it is. */
  public synchronized CompletableFuture<ProjectRecord> createProject(
      Optional<String> projectId, String name) {
    String id = projectId.orElseGet(Tokens::newProjectId);
    if (!Tokens.isProjectId(id)) {
      throw ProblemException.invalid("A project id is 24 hexadecimal characters");
    }
    ProjectRecord existing = projects.get(id);
    if (existing != null) {
      return CompletableFuture.completedFuture(existing);
    }
    ProjectRecord project = new ProjectRecord(id, name, clock.millis());
    return store
        .commit(new Batch().projectPut(project))
        .thenApply(
            ignored -> {
              projects.put(id, project);
              return project;
            });
  }

  /**
   * Issues a token for the given projects (a new random token unless one is given). Giving an
   * existing token again replaces what it opens.
   */
  public synchronized CompletableFuture<IssuedToken> issueToken(
      Optional<String> token, Set<String> projectIds, boolean admin, String label) {
    for (String projectId : projectIds) {
      if (!projects.containsKey(projectId)) {
        throw ProblemException.of(new Problem.ProjectNotFound("Project not found: " + projectId));
      }
    }
    String plain = token.orElseGet(Tokens::newToken);
    if (!Tokens.isAcceptable(plain)) {
      throw ProblemException.invalid("A token is " + Tokens.ACCEPTABLE);
    }
    TokenRecord record =
        new TokenRecord(Tokens.hash(plain), projectIds, admin, label, clock.millis());
    return store
        .commit(new Batch().tokenPut(record))
        .thenApply(
            ignored -> {
              tokensByHash.put(record.tokenHash(), record);
              return new IssuedToken(plain, record);
            });
  }

  /** Revokes the token with this id (see {@link Tokens#tokenId}); false when there is none. */
  public synchronized CompletableFuture<Boolean> revokeToken(String tokenId) {
    Optional<TokenRecord> match =
        tokensByHash.values().stream()
            .filter(t -> Tokens.tokenId(t.tokenHash()).equals(tokenId))
            .findFirst();
    if (match.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    String hash = match.get().tokenHash();
    return store
        .commit(new Batch().tokenDelete(hash))
        .thenApply(
            ignored -> {
              tokensByHash.remove(hash);
              return true;
            });
  }
}
