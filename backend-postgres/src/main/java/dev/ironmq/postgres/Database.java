package dev.ironmq.postgres;

import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database as the backend uses it: statements on the pool (or in a transaction), their refusals
 * turned into problems, and whether the database answers. A statement that fails because the
 * database cannot be reached is refused with {@code 503}; nothing is acknowledged that was not
 * committed, since an answer waits for the commit.
 */
final class Database {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final Pool pool;
  private volatile String unreachable;

  Database(Pool pool) {
    this.pool = pool;
  }

  /** Runs a statement on a connection of the pool. */
  CompletableFuture<RowSet<Row>> run(String sql, Tuple parameters) {
    return track(pool.preparedQuery(sql).execute(parameters));
  }

  /** Runs a statement on a connection of a transaction. */
  static Future<RowSet<Row>> run(SqlClient connection, String sql, Tuple parameters) {
    return connection.preparedQuery(sql).execute(parameters);
  }

  /** The first row of a statement that returns one. */
  CompletableFuture<Row> one(String sql, Tuple parameters) {
    return run(sql, parameters).thenApply(rows -> rows.iterator().next());
  }

  /** Runs work in one transaction, committed when its future succeeds, rolled back otherwise. */
  <T> CompletableFuture<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    return track(pool.withTransaction(work));
  }

  /** Why the database cannot be reached, or null while it can. */
  String unreachable() {
    return unreachable;
  }

  private <T> CompletableFuture<T> track(Future<T> future) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.onComplete(
        done -> {
          if (done.succeeded()) {
            if (unreachable != null) {
              log.warn("The database answers again");
              unreachable = null;
            }
            result.complete(done.result());
          } else {
            result.completeExceptionally(problemOf(done.cause()));
          }
        });
    return result;
  }

  /** A refusal raised by a function as a problem; a lost database as 503. */
  Throwable problemOf(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof ProblemException) {
      return cause;
    }
    if (cause instanceof PgException pg && pg.getSqlState() != null) {
      Problem problem = refusal(pg.getSqlState(), pg.getErrorMessage());
      if (problem != null) {
        return new ProblemException(problem);
      }
      log.error(
          "A statement failed: {} ({}){}{}",
          pg.getErrorMessage(),
          pg.getSqlState(),
          pg.getDetail() == null ? "" : "; " + pg.getDetail(),
          pg.getWhere() == null ? "" : "; at " + pg.getWhere());
      return new ProblemException(
          new Problem.StorageUnavailable("The database refused the change; try again"));
    }
    if (unreachable == null) {
      log.error("The database cannot be reached: {}", cause.toString());
    }
    unreachable = String.valueOf(cause.getMessage());
    return new ProblemException(
        new Problem.StorageUnavailable("The database cannot be reached; try again shortly"));
  }

  /** The problem a function's SQLSTATE stands for, or null for a real failure. */
  private static Problem refusal(String sqlState, String message) {
    return switch (sqlState) {
      case "IQ404" -> new Problem.QueueNotFound(message);
      case "IM404" -> new Problem.MessageNotFound(message);
      case "IR403" -> new Problem.ReservationMismatch(message);
      case "IB400" -> new Problem.InvalidRequest(message);
      default -> null;
    };
  }

  Pool pool() {
    return pool;
  }
}
