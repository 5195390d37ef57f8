package dev.ironmq.bench.postgres;

import dev.ironmq.bench.Metric;
import dev.ironmq.bench.QueueSystem;
import dev.ironmq.bench.QueueTarget;
import dev.ironmq.bench.Row;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL itself, as the floor under this server on PostgreSQL: {@code pgbench} runs the same
 * row work at the same concurrency, with nothing between client and database: inserts of the same
 * rows into a table like the server's {@code messages} (same columns, keys and indexes), and for
 * the pipeline an insert, a claim with {@code FOR UPDATE SKIP LOCKED} and a delete, each its own
 * transaction as the API's calls are. What this server adds (HTTP, counters, settings, its
 * functions) is the gap between the two.
 */
public final class PgbenchFloor implements QueueSystem {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
  private static final String TABLE =
      "CREATE TABLE messages (queue_id bigint NOT NULL, id bigint NOT NULL, body bytea NOT NULL,"
          + " push_headers jsonb, posted_at bigint NOT NULL, expires_at bigint NOT NULL,"
          + " timeout integer NOT NULL, visible_at bigint NOT NULL,"
          + " returned boolean NOT NULL DEFAULT false, reserved_count integer NOT NULL DEFAULT 0,"
          + " reservation_id text, state smallint NOT NULL DEFAULT 0, finished_at bigint,"
          + " PRIMARY KEY (queue_id, id)) WITH (fillfactor = 80);"
          + " CREATE INDEX messages_front ON messages (queue_id, visible_at DESC, id DESC)"
          + " WHERE returned AND state = 0;"
          + " CREATE INDEX messages_back ON messages (queue_id, visible_at, id)"
          + " WHERE NOT returned AND state = 0;"
          + " CREATE INDEX messages_expiry ON messages (expires_at) WHERE state <> 2;"
          + " CREATE SEQUENCE message_ids;";

  private final BenchDatabase database;
  private final Path dir;

  public PgbenchFloor(BenchDatabase database, Path dir) {
    this.database = database;
    this.dir = dir;
  }

  @Override
  public String name() {
    return "PostgreSQL floor (pgbench)";
  }

  @Override
  public String version() {
    return "PostgreSQL " + database.serverVersion();
  }

  @Override
  public String settings() {
    return "pgbench -n -j 2 -c <connections>, one transaction per API call, on a table like the"
        + " server's messages";
  }

  @Override
  public String notes() {
    return "no HTTP, no queue: the database's own rate for the same rows";
  }

  @Override
  public boolean durable() {
    return true;
  }

  /** The scenarios it has an equivalent for. */
  public static boolean measures(String scenario) {
    return List.of("post-1", "post-100", "pipeline-1").contains(scenario);
  }

  @Override
  public void start() {
    database.create();
    database.execute(TABLE);
  }

  /** Runs the scenario's row work for the warm-up, then for the window, and reports the window. */
  public Row measure(
      String scenario, int bodyBytes, int connections, Duration warmup, Duration window) {
    Path script = script(scenario, bodyBytes);
    run(script, connections, warmup);
    String report = run(script, connections, window);
    double perScript = figure(TPS, report);
    int messages = scenario.equals("post-100") ? 100 : 1;
    int calls = scenario.equals("pipeline-1") ? 3 : 1;
    Map<Metric, Double> values = new EnumMap<>(Metric.class);
    values.put(Metric.MESSAGES_PER_SECOND, perScript * messages);
    values.put(Metric.CALLS_PER_SECOND, perScript * calls);
    values.put(Metric.P50_MS, figure(LATENCY, report) / calls);
    values.put(Metric.ERRORS, 0.0);
    return new Row(name(), scenario, bodyBytes, connections, values);
  }

  private Path script(String scenario, int bodyBytes) {
    String body = "'" + "x".repeat(bodyBytes) + "'::bytea";
    String insert =
        "INSERT INTO messages (queue_id, id, body, posted_at, expires_at, timeout, visible_at)"
            + " %s;\n";
    String sql =
        switch (scenario) {
          case "post-1" ->
              String.format(
                  insert,
                  "VALUES (1, nextval('message_ids'), " + body + ", 0, 9000000000000000, 0, 0)");
          case "post-100" ->
              String.format(
                  insert,
                  "SELECT 1, nextval('message_ids'), "
                      + body
                      + ", 0, 9000000000000000, 0, 0 FROM generate_series(1, 100)");
          case "pipeline-1" ->
              String.format(
                      insert,
                      "VALUES (1, nextval('message_ids'), " + body + ", 0, 9000000000000000, 0, 0)")
                  + "WITH c AS (SELECT id FROM messages WHERE queue_id = 1 AND NOT returned"
                  + " AND state = 0 AND visible_at <= 1 ORDER BY visible_at, id LIMIT 1"
                  + " FOR UPDATE SKIP LOCKED), u AS (UPDATE messages m SET reserved_count ="
                  + " m.reserved_count + 1, reservation_id = 'r', visible_at = 9000000000000000,"
                  + " returned = true FROM c WHERE m.queue_id = 1 AND m.id = c.id RETURNING m.id)"
                  + " SELECT coalesce(max(id), 0) AS id FROM u\n\\gset\n"
                  + "DELETE FROM messages WHERE queue_id = 1 AND id = :id;\n";
          default -> throw new IllegalArgumentException("no pgbench equivalent of " + scenario);
        };
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(scenario + "-" + bodyBytes + ".sql");
      Files.writeString(file, sql, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String run(Path script, int connections, Duration time) {
    URI uri = database.uri();
    String user = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo().split(":")[0];
    List<String> command =
        new ArrayList<>(
            List.of(
                "pgbench",
                "-n",
                "-c",
                Integer.toString(connections),
                "-j",
                "2",
                "-T",
                Long.toString(Math.max(1, time.toSeconds())),
                "-f",
                script.toString(),
                "-h",
                uri.getHost(),
                "-p",
                Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()),
                "-U",
                user,
                database.name()));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(time.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("pgbench failed: " + output.trim());
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(
          "pgbench could not run (it comes with Debian's postgresql package): " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double figure(Pattern pattern, String report) {
    Matcher m = pattern.matcher(report);
    if (!m.find()) {
      throw new IllegalStateException("pgbench did not report " + pattern + ":\n" + report);
    }
    return Double.parseDouble(m.group(1));
  }

  @Override
  public boolean restartable() {
    return false;
  }

  @Override
  public void stop() {}

  @Override
  public void resume() {}

  @Override
  public QueueTarget connect(Vertx vertx, int connections) {
    throw new UnsupportedOperationException("pgbench runs its own load");
  }

  @Override
  public boolean parksRequests() {
    return false;
  }

  @Override
  public OptionalLong residentBytes() {
    return OptionalLong.empty();
  }

  @Override
  public void close() {
    database.drop();
  }
}
