package dev.carafe.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.test.PostgreSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same database support on a real PostgreSQL, started from the machine's binaries. */
class PostgreSqlTest {
  private static PostgreSql postgres;

  @BeforeAll
  static void startPostgreSql() throws Exception {
    assumeTrue(PostgreSql.binaries().isPresent(), PostgreSql.MISSING);
    postgres = PostgreSql.start();
  }

  @AfterAll
  static void stopPostgreSql() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static Carafe app(String mode) {
    return Carafe.create(
        Config.builder()
            .set("mode", mode)
            .set("database_url", postgres.jdbcUrl())
            .set("database_user", postgres.user())
            .set("database_pool_size", "3")
            .build());
  }

  private static long count(Database database, String sql) throws Exception {
    try (Connection db = database.dataSource().getConnection();
        Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void postgresqlRunsItsOwnMigrationsOnceThenTheSharedOnesAndResetsClean() throws Exception {
    try (Carafe app = app("production")) {
      Database database = Database.of(app);
      assertEquals(2, database.migrate(), "db/postgresql/V1 and db/migration/V2");
      assertEquals(0, database.migrate());
      try (Connection db = database.dataSource().getConnection();
          Statement sql = db.createStatement()) {
        sql.execute("INSERT INTO writer (name) VALUES ('ann')");
        sql.execute("INSERT INTO note (writer_id, body, title) VALUES (1, 'hello', 'hi')");
      }
      assertEquals(1, count(database, "SELECT count(*) FROM note"));
      database.reset();
      assertEquals(0, count(database, "SELECT count(*) FROM note"));
      assertEquals(2, count(database, "SELECT count(*) FROM flyway_schema_history"));
      assertTrue(database.answers());
    }
  }

  @Test
  void readinessFailsWhileTheServerIsDown() throws Exception {
    try (PostgreSql own = PostgreSql.start();
        Carafe app =
            Carafe.create(
                Config.builder()
                    .set("database_url", own.jdbcUrl())
                    .set("database_user", own.user())
                    .build())) {
      Database database = Database.of(app);
      assertTrue(database.answers());
      own.stop();
      assertFalse(database.answers());
    }
  }
}
