package dev.carafe.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.test.CarafeTest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir Path dir;

  private Config config(String mode) {
    return Config.builder()
        .set("mode", mode)
        .set("secret_key", "a-secret-key-for-tests")
        .set("database_url", "jdbc:sqlite:" + dir.resolve("instance/test.sqlite"))
        .build();
  }

  private static int count(Database database, String table) throws SQLException {
    try (Connection db = database.dataSource().getConnection();
        Statement sql = db.createStatement();
        ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static boolean hasTable(Database database, String table) throws SQLException {
    try (Connection db = database.dataSource().getConnection();
        ResultSet tables = db.getMetaData().getTables(null, null, table, null)) {
      return tables.next();
    }
  }

  @Test
  void migrationsRunOnceAndASecondRunChangesNothing() throws Exception {
    try (Carafe app = Carafe.create(config("production"))) {
      Database database = Database.of(app);
      assertEquals(2, database.migrate());
      assertEquals(0, database.migrate());
      assertEquals(2, count(database, "flyway_schema_history"));
      assertEquals(0, count(database, "note"));
    }
  }

  @Test
  void developmentMigratesWhenTheAppIsCreated() throws Exception {
    try (Carafe app = Carafe.create(config("development"))) {
      Database database = Database.of(app);
      assertTrue(hasTable(database, "note"));
      assertEquals(0, database.migrate(), "already done at creation");
    }
  }

  @Test
  void thePoolReportsItsConnectionsToTheAppsMetrics() throws Exception {
    try (Carafe app = Carafe.create(config("production"))) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      app.metrics().add(registry);
      Database database = Database.of(app);
      try (Connection held = database.dataSource().getConnection()) {
        Gauge active =
            registry.find("hikaricp.connections.active").tag("pool", "carafe-database").gauge();
        assertNotNull(active, "the pool's gauges are in the app's registry");
        assertFalse(held.isClosed());
        assertEquals(1, active.value());
      }
    }
  }

  @Test
  void productionNeverMigratesByItself() throws Exception {
    try (Carafe app = Carafe.create(config("production"))) {
      assertFalse(hasTable(Database.of(app), "note"));
    }
  }

  @Test
  void dbMigrateCommandAppliesWhatIsMissingThenSaysItIsUpToDate() throws Exception {
    try (Carafe app = Carafe.create(config("production"))) {
      Database.of(app);
      assertTrue(app.commands().containsKey("db-migrate"));
      String first = output(() -> assertEquals(0, app.runCommand("db-migrate", List.of())));
      assertTrue(first.contains("Applied 2 migrations to jdbc:sqlite:/"), first);
      assertTrue(first.contains("(schema version 2)"), first);
      String second = output(() -> assertEquals(0, app.runCommand("db-migrate", List.of())));
      assertTrue(second.contains("test.sqlite is up to date (schema version 2).\n"), second);
    }
  }

  @Test
  void resetEmptiesEveryTableAndMigratesAgain() throws Exception {
    try (Carafe app = Carafe.create(config("development"))) {
      Database database = Database.of(app);
      try (Connection db = database.dataSource().getConnection();
          Statement sql = db.createStatement()) {
        sql.execute("INSERT INTO writer (id, name) VALUES (1, 'ann')");
        sql.execute("INSERT INTO note (writer_id, body) VALUES (1, 'hello')");
      }
      database.reset();
      assertEquals(0, count(database, "note"));
      assertEquals(0, count(database, "writer"));
      assertEquals(2, count(database, "flyway_schema_history"));
    }
  }

  @Test
  void sqliteConnectionsEnforceForeignKeysInWalMode() throws Exception {
    try (Carafe app = Carafe.create(config("development"))) {
      Database database = Database.of(app);
      try (Connection db = database.dataSource().getConnection();
          Statement sql = db.createStatement()) {
        try (ResultSet mode = sql.executeQuery("PRAGMA journal_mode")) {
          mode.next();
          assertEquals("wal", mode.getString(1));
        }
        assertThrows(
            SQLException.class,
            () -> sql.execute("INSERT INTO note (writer_id, body) VALUES (42, 'orphan')"));
      }
    }
  }

  @Test
  void aRelativeSqlitePathIsTheWorkingDirectorysAndItsFolderIsCreated() {
    Config config = Config.builder().set("database_url", "jdbc:sqlite:instance/x.sqlite").build();
    DatabaseSettings settings = DatabaseSettings.from(config);
    Path expected = Path.of("instance/x.sqlite").toAbsolutePath();
    assertEquals("jdbc:sqlite:" + expected, settings.url());
    assertEquals(expected, settings.sqliteFile().orElseThrow());
    assertEquals(
        "jdbc:sqlite:instance/app.sqlite",
        DatabaseSettings.DEFAULT_URL,
        "the default is the instance folder's");
    assertTrue(
        DatabaseSettings.from(Config.defaults()).url().endsWith("/instance/app.sqlite"),
        DatabaseSettings.from(Config.defaults()).url());
  }

  @Test
  void postgresqlUrlsAndInMemorySqliteAreKeptAsGiven() {
    for (String url :
        List.of("jdbc:postgresql://127.0.0.1:5432/blog?sslmode=disable", "jdbc:sqlite::memory:")) {
      DatabaseSettings settings =
          DatabaseSettings.from(Config.builder().set("database_url", url).build());
      assertEquals(url, settings.url());
      assertTrue(settings.sqliteFile().isEmpty());
    }
  }

  @Test
  void misconfigurationNamesTheKeyAndTheFix() {
    var notJdbc =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DatabaseSettings.from(
                    Config.builder().set("database_url", "instance/app.sqlite").build()));
    assertTrue(notJdbc.getMessage().contains("database_url is a JDBC URL"), notJdbc.getMessage());
    var noPool =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatabaseSettings.from(Config.builder().set("database_pool_size", "0").build()));
    assertTrue(noPool.getMessage().contains("database_pool_size"), noPool.getMessage());
  }

  @Test
  void eachRequestBorrowsOneConnectionAndGivesItBackAtTeardown() throws Exception {
    Carafe app = Carafe.create(config("development"));
    Database database = Database.of(app);
    app.post(
            "/notes",
            "add",
            req -> {
              Connection db = Database.of(req);
              assertEquals(db, Database.of(req), "one connection per request");
              try (PreparedStatement insert =
                  db.prepareStatement("INSERT INTO writer (name) VALUES (?)")) {
                insert.setString(1, req.form().get("name", ""));
                insert.executeUpdate();
              }
              return Map.of("writers", count(database, "writer"));
            })
        .csrfExempt();
    try (app) {
      CarafeTest.test(
          app,
          (server, client) -> {
            for (int i = 0; i < 30; i++) {
              var added = client.post("/notes").field("name", "w" + i).asString();
              assertEquals(200, added.getStatus(), added.getBody());
            }
          });
      var pool = ((com.zaxxer.hikari.HikariDataSource) database.dataSource()).getHikariPoolMXBean();
      assertEquals(0, pool.getActiveConnections(), "every request gave its connection back");
      assertEquals(30, count(database, "writer"));
    }
  }

  @Test
  void openingTheDatabaseWhileServingNamesTheFactory() throws Exception {
    Carafe app = Carafe.create(config("development"));
    app.get("/late", "late", req -> Database.of(req).isValid(1));
    try (app) {
      CarafeTest.test(
          app, (server, client) -> assertEquals(500, client.get("/late").asString().getStatus()));
      var late = assertThrows(IllegalStateException.class, () -> Database.of(app));
      assertTrue(late.getMessage().contains("call Database.of(app) there"), late.getMessage());
    }
  }

  @Test
  void closingTheAppClosesEveryConnectionOfThePool() throws Exception {
    Carafe app = Carafe.create(config("development"));
    Database database = Database.of(app);
    Path file = database.file().orElseThrow();
    try (Connection db = database.dataSource().getConnection()) {
      assertTrue(db.isValid(1));
    }
    assertTrue(OpenFiles.at(file) > 0, "the pool holds the file open");
    app.close();
    assertEquals(0, OpenFiles.at(file));
    assertFalse(database.answers());
  }

  @Test
  void readinessNeedsTheSqliteFileInPlace() throws Exception {
    try (Carafe app = Carafe.create(config("development"))) {
      Database database = Database.of(app);
      assertTrue(database.answers());
      assertEquals(Map.of("database", true), app.health().runChecks());
      Files.delete(database.file().orElseThrow());
      assertFalse(database.answers(), "the pool's connections still answer from the deleted file");
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  private static String output(Action action) throws Exception {
    PrintStream previous = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(previous);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
