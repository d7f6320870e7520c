package dev.carafe.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The app's Flyway migrations, {@code db/migration/V1__name.sql} and on, found on the class path.
 */
final class Migrations {
  private final DataSource dataSource;
  private final String vendor;
  private final ClassLoader loader;

  /**
   * Flyway is configured when a migration runs, not here: a production worker opens the database
   * and never migrates, and configuring Flyway loads some 400 of its classes.
   */
  Migrations(DataSource dataSource, String vendor, ClassLoader loader) {
    this.dataSource = dataSource;
    this.vendor = vendor;
    this.loader = loader;
  }

  private FluentConfiguration flyway() {
    return Flyway.configure(loader)
        .dataSource(dataSource)
        .locations("classpath:" + Database.MIGRATIONS, "classpath:db/" + vendor)
        .failOnMissingLocations(false);
  }

  /** Applies the migrations that have not run yet. */
  MigrateResult migrate() {
    return flyway().load().migrate();
  }

  /** Drops every object of the app's schema, the migration history included. */
  void clean() {
    flyway().cleanDisabled(false).load().clean();
  }

  /**
   * Drops every table and view of an SQLite database, the migration history included. Flyway's
   * {@code clean} reports success on SQLite yet leaves the tables in place (Flyway 13.12).
   */
  static void cleanSqlite(DataSource dataSource) throws SQLException {
    try (Connection db = dataSource.getConnection();
        Statement sql = db.createStatement()) {
      List<String> views = names(db, "VIEW");
      List<String> tables = names(db, "TABLE");
      // Tables dropped in any order must not trip over each other's foreign keys.
      sql.execute("PRAGMA foreign_keys = OFF");
      try {
        for (String view : views) {
          sql.execute("DROP VIEW " + quote(view));
        }
        for (String table : tables) {
          sql.execute("DROP TABLE " + quote(table));
        }
      } finally {
        sql.execute("PRAGMA foreign_keys = ON");
      }
    }
  }

  private static List<String> names(Connection db, String type) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows = db.getMetaData().getTables(null, null, "%", new String[] {type})) {
      while (rows.next()) {
        String name = rows.getString("TABLE_NAME");
        if (!name.startsWith("sqlite_")) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
