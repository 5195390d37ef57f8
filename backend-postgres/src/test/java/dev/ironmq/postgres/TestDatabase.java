package dev.ironmq.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh database for one test run, on the PostgreSQL the test command started (127.0.0.1:5432,
 * user postgres, or {@code IRONMQ_TEST_POSTGRES}: {@code postgresql://user@host:port/db} of a
 * database to create it from). It is dropped when the JVM ends. Without a PostgreSQL to reach, the
 * tests fail saying so: they never skip.
 */
final class TestDatabase {
  private static final String ADMIN =
      System.getenv()
          .getOrDefault("IRONMQ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres");
  private static TestDatabase instance;

  final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  /** The database of this JVM's tests, created on first use. */
  static synchronized TestDatabase get() {
    if (instance == null) {
      String name = "ironmq_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      execute(adminJdbc(), "CREATE DATABASE " + name);
      // The contract suite checks semantics, not PostgreSQL's durability: commits need not wait
      // for the disk (tens of thousands of them in the model tests, at 0.5 ms or more each here).
      execute(adminJdbc(), "ALTER DATABASE " + name + " SET synchronous_commit = off");
      instance = new TestDatabase(name);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> execute(adminJdbc(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
    }
    return instance;
  }

  /** The URL of this database, as {@code --store} takes it. */
  String url() {
    return ADMIN.substring(0, ADMIN.lastIndexOf('/') + 1) + name;
  }

  /** Empties every table, for a test that starts from nothing. */
  void empty() {
    try (Connection c = connect(jdbc(url()));
        Statement s = c.createStatement()) {
      boolean migrated =
          s.executeQuery(
                  "SELECT 1 FROM information_schema.tables WHERE table_schema = 'ironmq'"
                      + " AND table_name = 'messages'")
              .next();
      if (migrated) {
        // DELETE, not TRUNCATE: the tables hold a few rows, and TRUNCATE makes new files for
        // every table and index, which took 150 ms or more on this machine's disk, per test.
        c.setAutoCommit(false);
        List<String> tables = new ArrayList<>();
        try (ResultSet rows =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'ironmq'"
                    + " AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'")) {
          while (rows.next()) {
            tables.add(rows.getString(1));
          }
        }
        for (String table : tables) {
          s.execute("DELETE FROM ironmq." + table);
        }
        s.execute("ALTER TABLE ironmq.queues ALTER COLUMN id RESTART");
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot empty the test database " + name, e);
    }
  }

  private static String adminJdbc() {
    return jdbc(ADMIN);
  }

  /** postgresql://user[:password]@host:port/db as JDBC's URL, user and password included. */
  static String jdbc(String url) {
    String rest = url.substring(url.indexOf("//") + 2);
    String user = "postgres";
    String password = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      password = colon < 0 ? "" : userInfo.substring(colon + 1);
    }
    return "jdbc:postgresql://"
        + rest
        + "?user="
        + user
        + (password.isEmpty() ? "" : "&password=" + password);
  }

  private static void execute(String jdbc, String sql) {
    try (Connection c = connect(jdbc);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "The PostgreSQL tests need a PostgreSQL server (the test command starts one on"
                  + " 127.0.0.1:5432; IRONMQ_TEST_POSTGRES names another): '%s' failed: %s",
              sql,
              e.getMessage()),
          e);
    }
  }

  private static Connection connect(String jdbc) throws SQLException {
    return DriverManager.getConnection(jdbc);
  }
}
