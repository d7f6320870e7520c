package dev.carafe.database;

import dev.carafe.Config;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The database keys of an app's configuration, read once when the app opens its database. A
 * relative SQLite path is made absolute against the working directory, so the URL names one file
 * wherever it is used later.
 */
record DatabaseSettings(
    String url, Optional<String> user, Optional<String> password, int poolSize) {
  static final String DEFAULT_URL = "jdbc:sqlite:instance/app.sqlite";
  static final int DEFAULT_POOL_SIZE = 10;
  private static final String SQLITE = "jdbc:sqlite:";

  static DatabaseSettings from(Config config) {
    String url = config.get("database_url").map(String::strip).orElse("");
    if (url.isEmpty()) {
      url = DEFAULT_URL;
    }
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "database_url is a JDBC URL, such as jdbc:sqlite:instance/app.sqlite or"
              + " jdbc:postgresql://localhost:5432/app; got '"
              + url
              + "'.");
    }
    int poolSize = config.getInt("database_pool_size", DEFAULT_POOL_SIZE);
    if (poolSize < 1) {
      throw new IllegalArgumentException(
          "database_pool_size is the most connections one server opens, 1 or more; got "
              + poolSize
              + ".");
    }
    return new DatabaseSettings(
        absolute(url),
        config.get("database_user").filter(s -> !s.isBlank()),
        config.get("database_password").filter(s -> !s.isEmpty()),
        poolSize);
  }

  /** The database's kind as its JDBC URL names it: {@code sqlite}, {@code postgresql}. */
  String vendor() {
    int end = url.indexOf(':', "jdbc:".length());
    return url.substring("jdbc:".length(), end < 0 ? url.length() : end);
  }

  boolean isSqlite() {
    return url.startsWith(SQLITE);
  }

  /** The SQLite database's file; empty for an in-memory SQLite database and other databases. */
  Optional<Path> sqliteFile() {
    if (!isSqlite()) {
      return Optional.empty();
    }
    String path = pathOf(url);
    // ":memory:", "" and "file:..." URIs are SQLite's own; only a plain path is a file of ours.
    if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(path));
  }

  private static String absolute(String url) {
    if (!url.startsWith(SQLITE)) {
      return url;
    }
    String path = pathOf(url);
    if (path.isEmpty() || path.startsWith(":") || path.startsWith("file:")) {
      return url;
    }
    return SQLITE
        + Path.of(path).toAbsolutePath().normalize()
        + url.substring(SQLITE.length() + path.length());
  }

  /** The part of a SQLite URL between the prefix and its parameters. */
  private static String pathOf(String url) {
    String rest = url.substring(SQLITE.length());
    int query = rest.indexOf('?');
    return query < 0 ? rest : rest.substring(0, query);
  }
}
