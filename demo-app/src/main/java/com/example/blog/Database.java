package com.example.blog;

import dev.carafe.Config;
import dev.carafe.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The blog's SQLite database: a file in the instance folder (config {@code database}, default
 * {@code instance/carafe-demo.sqlite} under the working directory), one connection per request like
 * Flask's {@code get_db()}. WAL mode lets several workers read while one writes.
 */
final class Database {
  static final String DEFAULT_FILE = "instance/carafe-demo.sqlite";
  private static final String CONNECTION = "db";

  private final Path file;
  private final SQLiteConfig settings = new SQLiteConfig();

  Database(Path file) {
    this.file = file.toAbsolutePath();
    settings.enforceForeignKeys(true);
    settings.setBusyTimeout(5_000);
    settings.setJournalMode(SQLiteConfig.JournalMode.WAL);
  }

  static Database from(Config config) {
    return new Database(Path.of(config.get("database", DEFAULT_FILE)));
  }

  Path file() {
    return file;
  }

  Connection connect() throws SQLException {
    return settings.createConnection("jdbc:sqlite:" + file);
  }

  /** The request's connection, opened on first use and closed when the request ends. */
  static Connection of(Request request) throws SQLException {
    if (request.g().get(CONNECTION) instanceof Connection open) {
      return open;
    }
    Connection connection = App.database(request.app()).connect();
    request.g().put(CONNECTION, connection);
    return connection;
  }

  /** The teardown hook: closes the connection a request opened. */
  static void close(Request request) throws SQLException {
    if (request.g().remove(CONNECTION) instanceof Connection open) {
      open.close();
    }
  }

  /** Creates the folder and the tables that are missing; safe to run from every worker. */
  void createIfMissing() throws SQLException {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the instance folder " + file.getParent(), e);
    }
    try (Connection db = connect();
        Statement statement = db.createStatement()) {
      String withoutComments = schema().replaceAll("(?m)^\\s*--.*$", "");
      for (String sql : withoutComments.split(";")) {
        if (!sql.isBlank()) {
          statement.execute(sql);
        }
      }
    }
  }

  /** Drops every table and creates them empty: the {@code init-db} command. */
  void reset() throws SQLException {
    createIfMissing();
    try (Connection db = connect();
        Statement statement = db.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS post");
      statement.execute("DROP TABLE IF EXISTS login_token");
      statement.execute("DROP TABLE IF EXISTS user");
    }
    createIfMissing();
  }

  /** The readiness check: the file opens and answers a query. */
  boolean answers() {
    try (Connection db = connect();
        Statement statement = db.createStatement()) {
      return statement.executeQuery("SELECT count(*) FROM post").next();
    } catch (SQLException e) {
      return false;
    }
  }

  private static String schema() {
    try (InputStream in = Database.class.getResourceAsStream("/schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("schema.sql is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
