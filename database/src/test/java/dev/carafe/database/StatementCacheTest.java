package dev.carafe.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite connections keep their prepared statements. (Python's sqlite3, under Flask, keeps 128 per
 * connection the same way; the Flask tutorial's connection per request never reuses them.)
 */
class StatementCacheTest {
  @TempDir Path dir;
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection =
        StatementCache.of(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.sqlite")));
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  /** The driver's own statement behind what a caller got. */
  private static PreparedStatement driverStatement(PreparedStatement statement)
      throws SQLException {
    return statement.unwrap(PreparedStatement.class);
  }

  @Test
  void theAppsSqliteConnectionsCompileEachStatementOnce() throws Exception {
    Config config =
        Config.builder()
            .set("mode", "production")
            .set("database_url", "jdbc:sqlite:" + dir.resolve("app.sqlite"))
            .set("database_pool_size", "1")
            .build();
    try (Carafe app = Carafe.create(config)) {
      Database database = Database.of(app);
      List<PreparedStatement> used = new ArrayList<>();
      for (int request = 0; request < 2; request++) {
        try (Connection db = database.dataSource().getConnection();
            PreparedStatement query = db.prepareStatement("SELECT 1")) {
          // Through the pool's proxy and the cache's to the driver's statement.
          used.add(driverStatement(query.unwrap(PreparedStatement.class)));
        }
      }
      assertSame(used.get(0), used.get(1));
    }
  }

  @Test
  void aStatementGivenBackForgetsItsParametersAndClosesItsResults() throws Exception {
    PreparedStatement first = connection.prepareStatement("SELECT ?");
    PreparedStatement driverFirst = driverStatement(first);
    first.setInt(1, 7);
    ResultSet rows = first.executeQuery();
    assertTrue(rows.next());
    first.close();
    assertTrue(rows.isClosed(), "closing a statement closes its result set");

    try (PreparedStatement again = connection.prepareStatement("SELECT ?");
        ResultSet unbound = again.executeQuery()) {
      assertSame(driverFirst, driverStatement(again));
      unbound.next();
      assertNull(unbound.getObject(1), "the first caller's 7 is gone");
    }
  }

  @Test
  void aStatementWhoseSettingsChangedIsNeverHandedOut() throws Exception {
    PreparedStatement limited = connection.prepareStatement("SELECT 1");
    limited.setMaxRows(1);
    PreparedStatement driverOne = driverStatement(limited);
    limited.close();
    assertTrue(driverOne.isClosed());
    try (PreparedStatement next = connection.prepareStatement("SELECT 1")) {
      assertNotSame(driverOne, driverStatement(next));
      assertEquals(0, next.getMaxRows());
    }
  }

  @Test
  void theSameSqlInUseTwiceGetsTwoStatements() throws Exception {
    try (PreparedStatement outer = connection.prepareStatement("SELECT ?");
        PreparedStatement inner = connection.prepareStatement("SELECT ?")) {
      assertNotSame(driverStatement(outer), driverStatement(inner));
      outer.setInt(1, 1);
      inner.setInt(1, 2);
      try (ResultSet a = outer.executeQuery();
          ResultSet b = inner.executeQuery()) {
        a.next();
        b.next();
        assertEquals(1, a.getInt(1));
        assertEquals(2, b.getInt(1));
      }
    }
  }

  @Test
  void aClosedStatementRefusesWorkAndClosingTheConnectionClosesTheKeptOnes() throws Exception {
    PreparedStatement query = connection.prepareStatement("SELECT 1");
    PreparedStatement driverOne = driverStatement(query);
    query.close();
    assertTrue(query.isClosed());
    assertThrows(SQLException.class, query::executeQuery);
    assertFalse(driverOne.isClosed(), "kept for the next caller");
    connection.close();
    assertTrue(driverOne.isClosed());
  }

  @Test
  void aStatementClosedThroughItsResultSetIsCompiledAgain() throws Exception {
    PreparedStatement query = connection.prepareStatement("SELECT 1");
    ResultSet rows = query.executeQuery();
    query.close();
    rows.getStatement().close(); // the driver's own statement, kept, closed behind the cache's back
    try (PreparedStatement again = connection.prepareStatement("SELECT 1");
        ResultSet fresh = again.executeQuery()) {
      assertTrue(fresh.next());
      assertEquals(1, fresh.getInt(1));
    }
  }

  @Test
  void theLeastRecentlyUsedStatementsAreClosedBeyondTheCapacity() throws Exception {
    PreparedStatement oldest = connection.prepareStatement("SELECT 0");
    PreparedStatement driverOldest = driverStatement(oldest);
    oldest.close();
    for (int i = 1; i <= StatementCache.CAPACITY; i++) {
      connection.prepareStatement("SELECT " + i).close();
    }
    assertTrue(driverOldest.isClosed());
  }
}
