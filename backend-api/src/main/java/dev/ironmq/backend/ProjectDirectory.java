package dev.ironmq.backend;

import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Projects and the tokens that open them, as a backend holds them in memory to check every request
 * at once; and the rules for new ones. A backend writes a change to its storage first and puts it
 * here once it is durable. Reads are lock-free from any thread.
 */
public final class ProjectDirectory {
  private final Map<String, ProjectRecord> projects = new ConcurrentHashMap<>();
  private final Map<String, TokenRecord> tokensByHash = new ConcurrentHashMap<>();

  public void put(ProjectRecord project) {
    projects.put(project.projectId(), project);
  }

  public void put(TokenRecord token) {
    tokensByHash.put(token.tokenHash(), token);
  }

  public void removeToken(String tokenHash) {
    tokensByHash.remove(tokenHash);
  }

  /** Replaces everything with what storage holds now. */
  public synchronized void replaceAll(
      Collection<ProjectRecord> newProjects, Collection<TokenRecord> newTokens) {
    Map<String, ProjectRecord> byId = new ConcurrentHashMap<>();
    newProjects.forEach(p -> byId.put(p.projectId(), p));
    Map<String, TokenRecord> byHash = new ConcurrentHashMap<>();
    newTokens.forEach(t -> byHash.put(t.tokenHash(), t));
    projects.keySet().retainAll(byId.keySet());
    projects.putAll(byId);
    tokensByHash.keySet().retainAll(byHash.keySet());
    tokensByHash.putAll(byHash);
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

  /** The token whose id (see {@link Tokens#tokenId}) this is. */
  public Optional<TokenRecord> tokenWithId(String tokenId) {
    return tokensByHash.values().stream()
        .filter(t -> Tokens.tokenId(t.tokenHash()).equals(tokenId))
        .findFirst();
  }

  /**
   * A new project with the given id, or a new random one; checked, not yet stored. An id that
   * exists already gives its project. Storage takes any {@linkplain Tokens#isDevProjectId
   * development project id}; the API's own rule, 24 hex characters, is checked where an id comes in
   * through it.
   */
  public ProjectRecord newProject(Optional<String> projectId, String name, long now) {
    String id = projectId.orElseGet(Tokens::newProjectId);
    if (!Tokens.isDevProjectId(id)) {
      throw ProblemException.invalid("A project id is 1 to 64 letters, digits, - or _");
    }
    ProjectRecord existing = projects.get(id);
    return existing != null ? existing : new ProjectRecord(id, name, now);
  }

  /** A token for existing projects: the given one or a new random one; checked, not yet stored. */
  public IssuedToken newToken(
      Optional<String> token, Set<String> projectIds, boolean admin, String label, long now) {
    for (String projectId : projectIds) {
      if (!projects.containsKey(projectId)) {
        throw ProblemException.of(new Problem.ProjectNotFound("Project not found: " + projectId));
      }
    }
    String plain = token.orElseGet(Tokens::newToken);
    if (!Tokens.isAcceptable(plain)) {
      throw ProblemException.invalid("A token is " + Tokens.ACCEPTABLE);
    }
    return new IssuedToken(
        plain, new TokenRecord(Tokens.hash(plain), projectIds, admin, label, now));
  }
}
