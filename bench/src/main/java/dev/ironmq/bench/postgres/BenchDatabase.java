package dev.ironmq.bench.postgres;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database for one system of one run, on the PostgreSQL the benchmark was pointed at
 * ({@code --postgres-uri}, a database it connects to in order to create and drop the others).
 */
public final class BenchDatabase {
  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final String admin;
  private final String name;

  public BenchDatabase(String adminUri) {
    this.admin = adminUri;
    this.name = "ironmq_bench_" + ProcessHandle.current().pid() + "_" + NUMBER.incrementAndGet();
  }

  /** The URL of this database, as the server's {@code --store} takes it. */
  public String url() {
    return admin.substring(0, admin.lastIndexOf('/') + 1) + name;
  }

  public String name() {
    return name;
  }

  public void create() {
    execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    execute(admin, "CREATE DATABASE " + name);
  }

  public void drop() {
    try {
      execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (IllegalStateException e) {
      System.err.println("could not drop " + name + ": " + e.getMessage());
    }
  }

  /** The server's version, as it reports it. */
  public String serverVersion() {
    try (Connection c = DriverManager.getConnection(jdbc(admin));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW server_version")) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      return "unknown";
    }
  }

  /** Runs statements on this database. */
  public void execute(String sql) {
    execute(url(), sql);
  }

  /** Host, port and user of the server, for pgbench. */
  public URI uri() {
    return URI.create(url());
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(jdbc(url));
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + url + " (--postgres-uri): '" + sql + "' failed: " + e.getMessage(), e);
    }
  }

  /** postgresql://user[:password]@host:port/db as a JDBC URL with its user and password. */
  static String jdbc(String url) {
    URI uri = URI.create(url);
    String userInfo = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo();
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    String password = colon < 0 ? "" : userInfo.substring(colon + 1);
    return "jdbc:postgresql://"
        + uri.getHost()
        + ":"
        + (uri.getPort() < 0 ? 5432 : uri.getPort())
        + uri.getPath()
        + "?user="
        + user
        + (password.isEmpty() ? "" : "&password=" + password);
  }
}
