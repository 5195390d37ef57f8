package dev.ironmq.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Which store the black-box tests run their servers on: the embedded one (the default), or, with
 * {@code -Dironmq.it.store=postgresql}, a fresh PostgreSQL database per server, created on the
 * PostgreSQL the test command starts (127.0.0.1:5432, user postgres; {@code IRONMQ_TEST_POSTGRES}
 * names another, as {@code postgresql://user@host:port/database} of a database to create them
 * from). A test that needs PostgreSQL fails, saying so, when there is none.
 */
final class TestStore {
  private static final String ADMIN =
      System.getenv()
          .getOrDefault("IRONMQ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres");

  private TestStore() {}

  /** Whether this run's servers serve from PostgreSQL. */
  static boolean postgres() {
    return "postgresql".equals(System.getProperty("ironmq.it.store", "embedded"));
  }

  /** A new, empty database; its URL, as {@code --store} takes it. */
  static String newDatabase() {
    String name = "ironmq_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE " + name);
    return ADMIN.substring(0, ADMIN.lastIndexOf('/') + 1) + name;
  }

  /** Drops a database {@link #newDatabase} made, whoever is still connected to it. */
  static void dropDatabase(String url) {
    execute("DROP DATABASE IF EXISTS " + url.substring(url.lastIndexOf('/') + 1) + " WITH (FORCE)");
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(jdbc(ADMIN));
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "these tests need PostgreSQL (the test command starts one on 127.0.0.1:5432;"
              + " IRONMQ_TEST_POSTGRES names another): '"
              + sql
              + "' failed: "
              + e.getMessage(),
          e);
    }
  }

  /** postgresql://user[:password]@host:port/db as a JDBC URL with its user and password. */
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
}
