package dev.ironmq.core.auth;

import dev.ironmq.backend.IssuedToken;
import dev.ironmq.backend.ProjectDirectory;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.store.Batch;
import dev.ironmq.store.Journal;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Projects and the tokens that open them, in the embedded engine: a {@link ProjectDirectory} whose
 * changes are written to the journal first. Reads are lock-free from any thread; changes are
 * serialized, and visible once committed.
 */
public final class Projects {
  private final Journal store;
  private final InstantSource clock;
  private final ProjectDirectory directory = new ProjectDirectory();

  public Projects(Journal store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Called while the engine loads the store. */
  public void restore(ProjectRecord project) {
    directory.put(project);
  }

  /** Called while the engine loads the store. */
  public void restore(TokenRecord token) {
    directory.put(token);
  }

  public Optional<TokenRecord> authenticate(String token) {
    return directory.authenticate(token);
  }

  public void checkAccess(String token, String projectId) {
    directory.checkAccess(token, projectId);
  }

  public void checkAdmin(String token) {
    directory.checkAdmin(token);
  }

  public List<ProjectRecord> projects() {
    return directory.projects();
  }

  public List<TokenRecord> tokens() {
    return directory.tokens();
  }

  /** Creates a project (with a new id unless one is given); an existing id is kept as it is. */
  public synchronized CompletableFuture<ProjectRecord> createProject(
      Optional<String> projectId, String name) {
    ProjectRecord project = directory.newProject(projectId, name, clock.millis());
    if (directory.project(project.projectId()).isPresent()) {
      return CompletableFuture.completedFuture(project);
    }
    return store
        .commit(new Batch().projectPut(project))
        .thenApply(
            ignored -> {
              directory.put(project);
              return project;
            });
  }

  /**
   * Issues a token for the given projects (a new random token unless one is given). Giving an
   * existing token again replaces what it opens.
   */
  public synchronized CompletableFuture<IssuedToken> issueToken(
      Optional<String> token, Set<String> projectIds, boolean admin, String label) {
    IssuedToken issued = directory.newToken(token, projectIds, admin, label, clock.millis());
    return store
        .commit(new Batch().tokenPut(issued.record()))
        .thenApply(
            ignored -> {
              directory.put(issued.record());
              return issued;
            });
  }

  /** Revokes the token with this id; false when there is none. */
  public synchronized CompletableFuture<Boolean> revokeToken(String tokenId) {
    Optional<TokenRecord> match = directory.tokenWithId(tokenId);
    if (match.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    String hash = match.get().tokenHash();
    return store
        .commit(new Batch().tokenDelete(hash))
        .thenApply(
            ignored -> {
              directory.removeToken(hash);
              return true;
            });
  }
}
