package dev.ironmq.postgres;

import dev.ironmq.backend.IssuedToken;
import dev.ironmq.backend.ProjectDirectory;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Projects and tokens: kept in the database, and in each node's memory so that every request is
 * checked at once. A change is written and announced ({@code NOTIFY ironmq_auth}) in one
 * transaction; every node, the writing one included, then reads them all again. A revoked token
 * stops working on every node within the time a notification takes to arrive.
 */
final class Projects {
  static final String CHANNEL = "ironmq_auth";

  private final Database database;
  private final Clockwork clock;
  private final ProjectDirectory directory = new ProjectDirectory();

  /** Reloads started, and the newest one whose result is in the directory (under this lock). */
  private final AtomicLong reloadsStarted = new AtomicLong();

  private long applied;

  Projects(Database database, Clockwork clock) {
    this.database = database;
    this.clock = clock;
  }

  ProjectDirectory directory() {
    return directory;
  }

  /**
   * Reads every project and token again. Reloads may finish out of order (one for a notification,
   * one for this node's own change): a reload's result replaces the directory only if no reload
   * started after it was applied first, since one started later saw every commit the earlier one
   * saw. (A stale result applied last dropped a token this node had just written.)
   */
  CompletableFuture<Void> reload() {
    long generation = reloadsStarted.incrementAndGet();
    CompletableFuture<List<ProjectRecord>> projects =
        database
            .run("SELECT id, name, created_at FROM projects", Tuple.tuple())
            .thenApply(
                rows -> {
                  List<ProjectRecord> all = new ArrayList<>();
                  rows.forEach(
                      r ->
                          all.add(new ProjectRecord(r.getString(0), r.getString(1), r.getLong(2))));
                  return all;
                });
    CompletableFuture<List<TokenRecord>> tokens =
        database
            .run("SELECT hash, project_ids, admin, label, created_at FROM tokens", Tuple.tuple())
            .thenApply(
                rows -> {
                  List<TokenRecord> all = new ArrayList<>();
                  rows.forEach(r -> all.add(token(r)));
                  return all;
                });
    return projects.thenCombine(
        tokens,
        (p, t) -> {
          synchronized (this) {
            if (generation > applied) {
              applied = generation;
              directory.replaceAll(p, t);
            }
          }
          return null;
        });
  }

  private static TokenRecord token(Row row) {
    Set<String> projectIds = new HashSet<>(List.of(row.getArrayOfStrings(1)));
    return new TokenRecord(
        row.getString(0), projectIds, row.getBoolean(2), row.getString(3), row.getLong(4));
  }

  CompletableFuture<ProjectRecord> createProject(Optional<String> projectId, String name) {
    ProjectRecord project = directory.newProject(projectId, name, clock.now());
    return database
        .run(
            "WITH added AS (INSERT INTO projects (id, name, created_at) VALUES ($1, $2, $3)"
                + " ON CONFLICT (id) DO NOTHING RETURNING id)"
                + " SELECT pg_notify('"
                + CHANNEL
                + "', id) FROM added",
            Tuple.of(project.projectId(), project.name(), project.createdAt()))
        .thenCompose(done -> reload())
        .thenApply(done -> directory.project(project.projectId()).orElse(project));
  }

  CompletableFuture<IssuedToken> issueToken(
      Optional<String> token, Set<String> projectIds, boolean admin, String label) {
    IssuedToken issued = directory.newToken(token, projectIds, admin, label, clock.now());
    TokenRecord record = issued.record();
    return database
        .run(
            "WITH put AS (INSERT INTO tokens (hash, project_ids, admin, label, created_at)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO UPDATE SET"
                + " project_ids = excluded.project_ids, admin = excluded.admin,"
                + " label = excluded.label, created_at = excluded.created_at RETURNING hash)"
                + " SELECT pg_notify('"
                + CHANNEL
                + "', 'token') FROM put",
            Tuple.of(
                record.tokenHash(),
                record.projectIds().toArray(new String[0]),
                record.admin(),
                record.label(),
                record.createdAt()))
        .thenCompose(done -> reload())
        .thenApply(done -> issued);
  }

  CompletableFuture<Boolean> revokeToken(String tokenId) {
    Optional<TokenRecord> match = directory.tokenWithId(tokenId);
    if (match.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    return database
        .run(
            "WITH gone AS (DELETE FROM tokens WHERE hash = $1 RETURNING hash)"
                + " SELECT pg_notify('"
                + CHANNEL
                + "', 'token') FROM gone",
            Tuple.of(match.get().tokenHash()))
        .thenCompose(rows -> reload().thenApply(done -> rows.size() > 0));
  }
}
