package dev.ironmq.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.backend.stored.QueueConfigJson;
import dev.ironmq.backend.stored.StoredCodes;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Loads a dump of the embedded store ({@code ironmq export}) into an empty PostgreSQL database, in
 * one transaction: projects, tokens, queues with their settings, and every message with its state
 * (a reservation keeps its id and its end, a delayed message its delay, a push message its
 * deliveries), so that a server on the database serves exactly what the embedded one did.
 */
public final class DumpImport {
  private static final int BATCH = 500;

  private static final String MESSAGE =
      "INSERT INTO messages (queue_id, id, body, push_headers, posted_at, expires_at, timeout,"
          + " visible_at, returned, reserved_count, reservation_id, state, finished_at)"
          + " VALUES ($1, $2, $3, $4::text::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
  private static final String DELIVERY =
      "INSERT INTO deliveries (queue_id, message_id, subscriber, status, tries, round, cursor,"
          + " last_try_at, next_attempt_at, reservation_id, results)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb)";

  /** What was loaded. */
  public record Summary(long projects, long tokens, long queues, long messages) {}

  private DumpImport() {}

  /**
   * Reads the dump and loads it into the database at {@code url}, migrated first; refuses a
   * database that holds projects or queues already.
   */
  public static Summary load(String url, BufferedReader dump) {
    PgConnectOptions options = PostgresNode.options(url);
    PostgresNode.migrate(options);
    Vertx vertx = Vertx.vertx();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(1))
            .connectingTo(options)
            .using(vertx)
            .build();
    try {
      SqlConnection connection = await(pool.getConnection());
      Transaction transaction = await(connection.begin());
      try {
        Summary loaded = new Loader(connection).load(dump);
        await(transaction.commit());
        return loaded;
      } catch (RuntimeException e) {
        transaction.rollback();
        throw e;
      } finally {
        connection.close();
      }
    } finally {
      pool.close();
      vertx.close();
    }
  }

  /** Loads on one connection, waiting for each statement: an import is a batch job. */
  private static final class Loader {
    private final SqlConnection connection;
    private final Map<Long, Long> queueIds = new HashMap<>();
    private final Map<Long, long[]> counts = new HashMap<>();
    private final List<Tuple> messages = new ArrayList<>();
    private final List<Tuple> deliveries = new ArrayList<>();
    private long maxMessageId;
    private long projects;
    private long tokens;
    private long messageCount;

    Loader(SqlConnection connection) {
      this.connection = connection;
    }

    Summary load(BufferedReader dump) {
      Row existing =
          run(
                  "SELECT EXISTS (SELECT 1 FROM projects) OR EXISTS (SELECT 1 FROM queues)",
                  Tuple.tuple())
              .get(0);
      if (existing.getBoolean(0)) {
        throw new IllegalStateException(
            "the database already holds projects or queues: import into an empty one");
      }
      boolean header = false;
      try {
        String line;
        while ((line = dump.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode record = ConfigJson.read(line);
          if (!header) {
            if (record.path("dump").path("format").asInt() != 1) {
              throw new IllegalStateException("not a dump of format 1 (from 'ironmq export')");
            }
            header = true;
            continue;
          }
          load(record);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the dump", e);
      }
      if (!header) {
        throw new IllegalStateException("the dump is empty");
      }
      flush();
      finish();
      return new Summary(projects, tokens, queueIds.size(), messageCount);
    }

    private void load(JsonNode record) {
      if (record.has("project")) {
        JsonNode p = record.get("project");
        run(
            "INSERT INTO projects (id, name, created_at) VALUES ($1, $2, $3)",
            Tuple.of(p.get("id").asText(), p.get("name").asText(), p.get("created_at").asLong()));
        projects++;
      } else if (record.has("token")) {
        JsonNode t = record.get("token");
        List<String> ids = new ArrayList<>();
        t.get("projects").forEach(id -> ids.add(id.asText()));
        run(
            "INSERT INTO tokens (hash, project_ids, admin, label, created_at)"
                + " VALUES ($1, $2, $3, $4, $5)",
            Tuple.of(
                t.get("hash").asText(),
                ids.toArray(new String[0]),
                t.get("admin").asBoolean(),
                t.get("label").asText(),
                t.get("created_at").asLong()));
        tokens++;
      } else if (record.has("queue")) {
        queue(record.get("queue"));
      } else if (record.has("message")) {
        message(record.get("message"));
      } else if (!record.has("sequence")) {
        throw new IllegalStateException("an unknown record in the dump: " + record);
      }
    }

    private void queue(JsonNode q) {
      flush();
      String config =
          QueueConfigJson.write(
                  ConfigJson.mapper().createObjectNode(), QueueConfigJson.read(q.get("config")))
              .toString();
      long id =
          run(
                  "INSERT INTO queues (project_id, name, created_at, config)"
                      + " VALUES ($1, $2, $3, $4::text::jsonb) RETURNING id",
                  Tuple.of(
                      q.get("project_id").asText(),
                      q.get("name").asText(),
                      q.get("created_at").asLong(),
                      config))
              .get(0)
              .getLong(0);
      queueIds.put(q.get("id").asLong(), id);
      counts.put(id, new long[] {q.get("total_messages").asLong(), 0});
    }

    private void message(JsonNode m) {
      Long queueId = queueIds.get(m.get("queue").asLong());
      if (queueId == null) {
        throw new IllegalStateException("a message of a queue the dump has not named: " + m);
      }
      long id = m.get("id").asLong();
      maxMessageId = Math.max(maxMessageId, id);
      JsonNode state = m.get("state");
      JsonNode ds = m.path("deliveries");
      int messageState = 0;
      Long finishedAt = null;
      if (ds.size() > 0) {
        boolean allDone = true;
        boolean failed = false;
        long lastTry = 0;
        for (JsonNode d : ds) {
          int status = d.get("status").asInt();
          StoredCodes.deliveryStatus(status);
          allDone &= status == 3 || status == 4;
          failed |= status == 4;
          lastTry = Math.max(lastTry, d.get("last_try_at").asLong());
          deliveries.add(
              Tuple.of(
                      queueId,
                      id,
                      d.get("subscriber").asText(),
                      (short) status,
                      d.get("tries").asInt(),
                      d.get("round").asInt(),
                      d.get("cursor").asInt(),
                      d.get("last_try_at").asLong(),
                      d.get("next_attempt_at").asLong(),
                      d.get("reservation_id").asText())
                  .addString(d.get("results").toString()));
        }
        messageState = !allDone ? 1 : failed ? 3 : 2;
        finishedAt = allDone ? lastTry : null;
      }
      if (messageState <= 1) {
        counts.get(queueId)[1]++;
      }
      boolean reservedBefore = state != null && state.get("reserved_count").asInt() > 0;
      String reservation =
          state == null || state.get("reservation_id").asText().isEmpty()
              ? null
              : state.get("reservation_id").asText();
      JsonNode headers = m.path("push_headers");
      messages.add(
          Tuple.of(
                  queueId,
                  id,
                  Bodies.bytes(m.get("body").asText()),
                  headers.size() == 0 ? null : headers.toString(),
                  m.get("posted_at").asLong(),
                  m.get("expires_at").asLong(),
                  m.get("timeout").asInt(),
                  state == null ? m.get("available_at").asLong() : state.get("visible_at").asLong(),
                  reservedBefore,
                  state == null ? 0 : state.get("reserved_count").asInt())
              .addString(reservation)
              .addShort((short) messageState)
              .addLong(finishedAt));
      messageCount++;
      if (messages.size() >= BATCH) {
        flush();
      }
    }

    private void flush() {
      if (!messages.isEmpty()) {
        await(connection.preparedQuery(MESSAGE).executeBatch(messages));
        messages.clear();
      }
      if (!deliveries.isEmpty()) {
        await(connection.preparedQuery(DELIVERY).executeBatch(deliveries));
        deliveries.clear();
      }
    }

    /** Counters as the dump's totals and sizes say; alerts watch from the size now. */
    private void finish() {
      for (Map.Entry<Long, long[]> count : counts.entrySet()) {
        long total = count.getValue()[0];
        long size = count.getValue()[1];
        run(
            "INSERT INTO counters (queue_id, posted, removed) VALUES ($1, $2, $3)",
            Tuple.of(count.getKey(), total, total - size));
        run(
            "INSERT INTO alert_states (queue_id, last_size) SELECT $1, $2 FROM queues"
                + " WHERE id = $1 AND jsonb_array_length(config->'alerts') > 0",
            Tuple.of(count.getKey(), size));
      }
      run(
          "SELECT setval('message_ids', greatest((SELECT last_value FROM message_ids), $1))",
          Tuple.of(maxMessageId + 1));
    }

    private List<Row> run(String sql, Tuple parameters) {
      List<Row> rows = new ArrayList<>();
      await(connection.preparedQuery(sql).execute(parameters)).forEach(rows::add);
      return rows;
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r
          ? r
          : new IllegalStateException(cause.getMessage(), cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the database did not answer within 10 minutes", e);
    }
  }
}
