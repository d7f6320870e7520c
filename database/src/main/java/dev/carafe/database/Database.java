package dev.carafe.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import dev.carafe.Carafe;
import dev.carafe.Request;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.LoggerFactory;

/**
 * A Carafe app's database: a HikariCP connection pool that opens with the app and closes with it, a
 * connection for each request, and the app's Flyway migrations in {@code
 * src/main/resources/db/migration}. SQLite by default (the file {@code instance/app.sqlite}),
 * PostgreSQL by setting {@code database_url}.
 *
 * <pre>{@code
 * Carafe app = Carafe.create(config);
 * Database.of(app); // in the factory: the pool, the db-migrate command, the readiness check
 * app.get("/posts", "posts", req -> Posts.all(Database.of(req)));
 * }</pre>
 *
 * <p>In development the migrations run when the app is created; in production never by themselves:
 * the deployer runs the app's {@code db-migrate} command.
 *
 * <p>Prepared statements are cheap to ask for again: an SQLite connection keeps the ones it
 * compiled for its next requests, as the PostgreSQL driver does by itself, so a view prepares its
 * SQL where it runs it, closes it when done, and pays for compiling it once per pooled connection.
 */
public final class Database implements AutoCloseable {
  /**
   * Where migrations every database runs are found on the class path: {@code
   * src/main/resources/db/migration}. Those for one database go in {@code db/sqlite}, {@code
   * db/postgresql} (the word after {@code jdbc:} in the URL).
   */
  public static final String MIGRATIONS = "db/migration";

  /** How long a request waits for a free connection before it fails: less than a request's time. */
  private static final long CONNECTION_WAIT_MILLIS = 10_000;

  private static final String REQUEST_CONNECTION = Database.class.getName() + ".connection";

  private final DatabaseSettings settings;
  private final HikariDataSource pool;
  private final Migrations migrations;

  private Database(DatabaseSettings settings, ClassLoader loader, MeterRegistry metrics) {
    this.settings = settings;
    settings.sqliteFile().ifPresent(Database::createFolder);
    HikariConfig poolSettings = poolSettings(settings);
    // The pool's gauges (active, idle, pending, timeouts) join the worker's metrics.
    poolSettings.setMetricRegistry(metrics);
    this.pool = new HikariDataSource(poolSettings);
    this.migrations = new Migrations(pool, settings.vendor(), loader);
  }

  /**
   * The app's database, opened on the first call, which belongs in the app factory: it adds the
   * {@code db-migrate} command, the {@code database} readiness check and the hook that gives each
   * request's connection back, and in development it runs the migrations. The pool closes with the
   * app.
   *
   * @throws IllegalStateException when the app already serves, or development's migrations fail
   */
  public static Database of(Carafe app) {
    return app.extension(Database.class, Database::open);
  }

  /**
   * The request's connection, taken from the pool on first use and given back when the request
   * ends, like Flask's {@code get_db()}.
   */
  public static Connection of(Request request) throws SQLException {
    if (request.g().get(REQUEST_CONNECTION) instanceof Connection open) {
      return open;
    }
    Connection connection = of(request.app()).pool.getConnection();
    request.g().put(REQUEST_CONNECTION, connection);
    return connection;
  }

  private static Database open(Carafe app) {
    DatabaseSettings settings = DatabaseSettings.from(app.config());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Database database =
        new Database(
            settings, loader == null ? Database.class.getClassLoader() : loader, app.metrics());
    try {
      app.teardownRequest((request, error) -> giveBack(request));
    } catch (IllegalStateException serving) {
      database.close();
      throw new IllegalStateException(
          "Open the database in the app factory: call Database.of(app) there, before the app"
              + " serves, so it can add its hooks and commands.",
          serving);
    }
    app.health().check("database", database::answers);
    app.command(
        "db-migrate",
        "Apply the database migrations that have not run yet.",
        (self, args) -> database.migrateCommand(args));
    if (!app.isProduction()) {
      try {
        MigrateResult result = database.migrations.migrate();
        if (result.migrationsExecuted > 0) {
          // Flyway's own lines are quiet in development, where every reload checks the schema.
          LoggerFactory.getLogger(Database.class).info(database.summary(result));
        }
      } catch (RuntimeException e) {
        database.close();
        throw new IllegalStateException(
            "Cannot migrate the database " + settings.url() + ": " + e.getMessage(), e);
      }
    }
    return database;
  }

  private static void giveBack(Request request) throws SQLException {
    if (request.g().remove(REQUEST_CONNECTION) instanceof Connection open) {
      open.close();
    }
  }

  /** The pool, for code that takes a {@link DataSource}; close what you borrow from it. */
  public DataSource dataSource() {
    return pool;
  }

  /** The JDBC URL in use, a relative SQLite path made absolute. */
  public String url() {
    return settings.url();
  }

  /** The SQLite database's file; empty for other databases. */
  public Optional<Path> file() {
    return settings.sqliteFile();
  }

  /** Applies the migrations that have not run yet and returns how many ran. */
  public int migrate() {
    return migrations.migrate().migrationsExecuted;
  }

  /**
   * Drops everything in the database and runs every migration again: an empty database at the
   * newest schema. For development and tests; Flyway's {@code clean}.
   */
  public void reset() throws SQLException {
    if (settings.isSqlite()) {
      Migrations.cleanSqlite(pool);
    } else {
      migrations.clean();
    }
    migrations.migrate();
  }

  /**
   * The readiness check: a connection answers, and an SQLite file is still in place (a pool's open
   * connections would go on answering from a file that was deleted).
   */
  public boolean answers() {
    try (Connection connection = pool.getConnection()) {
      return connection.isValid(2) && settings.sqliteFile().map(Files::isRegularFile).orElse(true);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Closes the pool and its connections. */
  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "Database[" + settings.url() + "]";
  }

  private int migrateCommand(List<String> args) {
    if (!args.isEmpty()) {
      System.err.println("db-migrate takes no arguments; got " + args + ".");
      return 2;
    }
    MigrateResult result;
    try {
      result = migrations.migrate();
    } catch (FlywayException e) {
      System.err.println("Migrating " + url() + " failed: " + e.getMessage());
      return 1;
    }
    System.out.println(summary(result));
    return 0;
  }

  /** What a migration run did, in a sentence. */
  private String summary(MigrateResult result) {
    // Flyway names a target version only when something ran.
    String version =
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion != null ? result.initialSchemaVersion : "none";
    if (result.migrationsExecuted == 0) {
      return url() + " is up to date (schema version " + version + ").";
    }
    return "Applied "
        + result.migrationsExecuted
        + (result.migrationsExecuted == 1 ? " migration" : " migrations")
        + " to "
        + url()
        + " (schema version "
        + version
        + ").";
  }

  private static HikariConfig poolSettings(DatabaseSettings settings) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("carafe-database");
    settings.user().ifPresent(pool::setUsername);
    settings.password().ifPresent(pool::setPassword);
    pool.setMaximumPoolSize(settings.poolSize());
    pool.setConnectionTimeout(CONNECTION_WAIT_MILLIS);
    // The app starts while the database is down; readiness says so until it answers.
    pool.setInitializationFailTimeout(-1);
    if (!settings.isSqlite()) {
      pool.setJdbcUrl(settings.url());
    } else {
      // Pragmas every connection gets: readers go on while one writes, a writer waits for another
      // rather than failing, foreign keys are enforced, and WAL makes NORMAL sync safe.
      Properties pragmas = new Properties();
      pragmas.setProperty("journal_mode", "WAL");
      pragmas.setProperty("busy_timeout", "5000");
      pragmas.setProperty("foreign_keys", "true");
      pragmas.setProperty("synchronous", "NORMAL");
      // The driver Hikari would use for the URL, with connections that keep their statements.
      pool.setDataSource(
          StatementCache.around(new DriverDataSource(settings.url(), null, pragmas, null, null)));
      // A file has no server to drop idle connections: keep them all, for as long as the pool.
      pool.setMaxLifetime(0);
      pool.setKeepaliveTime(0);
    }
    return pool;
  }

  private static void createFolder(Path file) {
    Path folder = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the database's folder " + folder, e);
    }
  }
}
