package dev.carafe.database;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One connection's prepared statements, kept for its next requests. sqlite-jdbc compiles the SQL
 * again on every {@code prepareStatement} (a tenth of the work of a request that lists a page of
 * rows) and HikariCP leaves statement caching to the driver; the PostgreSQL driver keeps its own.
 *
 * <p>Closing a statement gives it back: its result sets are closed, its parameters and batch
 * cleared. One whose settings were changed ({@code setMaxRows} and the like) is closed for good, so
 * no caller gets another's settings. Only {@code prepareStatement(sql)} is cached, and the same SQL
 * in use twice at once gets a second, uncached statement. The least recently used statements are
 * closed beyond {@link #CAPACITY}.
 */
final class StatementCache implements InvocationHandler {
  /** Statements kept per connection: more than an app has, fewer than a leak would make. */
  static final int CAPACITY = 64;

  private final Connection connection;
  private final Map<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true);
  private Connection self;

  private StatementCache(Connection connection) {
    this.connection = connection;
  }

  /** The data source's connections, each with a statement cache of its own. */
  static DataSource around(DataSource source) {
    return proxy(
        DataSource.class,
        (proxy, method, args) -> {
          Object result = call(source, method, args);
          return result instanceof Connection connection ? of(connection) : result;
        });
  }

  /** The connection, keeping its prepared statements. */
  static Connection of(Connection connection) {
    StatementCache cache = new StatementCache(connection);
    cache.self = proxy(Connection.class, cache);
    return cache.self;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "prepareStatement":
        if (args.length == 1) {
          return prepare((String) args[0]);
        }
        break;
      case "close":
        closeAll();
        break;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        break;
    }
    return call(connection, method, args);
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    Kept known = kept.get(sql);
    if (known != null && known.statement.isClosed()) {
      // Closed behind the cache's back, through a result set's getStatement(): compile it again.
      kept.remove(sql);
      known = null;
    }
    if (known != null && !known.inUse) {
      known.inUse = true;
      return new Lease(sql, known.statement).proxy;
    }
    PreparedStatement fresh = connection.prepareStatement(sql);
    if (known != null) {
      return new Lease(sql, fresh).proxy;
    }
    Kept added = new Kept(fresh);
    added.inUse = true;
    kept.put(sql, added);
    evictBeyondCapacity();
    return new Lease(sql, fresh).proxy;
  }

  private void evictBeyondCapacity() throws SQLException {
    Iterator<Kept> eldestFirst = kept.values().iterator();
    while (kept.size() > CAPACITY && eldestFirst.hasNext()) {
      Kept eldest = eldestFirst.next();
      if (!eldest.inUse) {
        eldestFirst.remove();
        eldest.statement.close();
      }
    }
  }

  /** A statement given back: kept ready for the next caller, or closed when it cannot be. */
  private void giveBack(Lease lease) throws SQLException {
    Kept entry = kept.get(lease.sql);
    if (entry == null || entry.statement != lease.statement) {
      // Uncached (its SQL was in use already), or dropped after it was closed behind our back.
      lease.statement.close();
      return;
    }
    boolean reusable = !lease.changedSettings && !lease.statement.isClosed();
    try {
      if (reusable) {
        if (lease.results != null) {
          lease.results.close();
        }
        lease.statement.clearParameters();
        lease.statement.clearBatch();
      }
    } catch (SQLException e) {
      reusable = false;
      throw e;
    } finally {
      if (reusable) {
        entry.inUse = false;
      } else {
        kept.remove(lease.sql);
        lease.statement.close();
      }
    }
  }

  private void closeAll() {
    for (Kept entry : kept.values()) {
      try {
        entry.statement.close();
      } catch (SQLException e) {
        // the connection closes next, and takes what is left with it
      }
    }
    kept.clear();
  }

  private static final class Kept {
    final PreparedStatement statement;
    boolean inUse;

    Kept(PreparedStatement statement) {
      this.statement = statement;
    }
  }

  /** One caller's use of a statement, from {@code prepareStatement} to {@code close}. */
  private final class Lease implements InvocationHandler {
    final String sql;
    final PreparedStatement statement;
    final PreparedStatement proxy;
    ResultSet results; // executing again closes the previous ones (JDBC)
    boolean changedSettings;
    boolean closed;

    Lease(String sql, PreparedStatement statement) {
      this.sql = sql;
      this.statement = statement;
      this.proxy = proxy(PreparedStatement.class, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      switch (name) {
        case "close":
          if (!closed) {
            closed = true;
            giveBack(this);
          }
          return null;
        case "isClosed":
          return closed;
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return statement.toString();
        case "getConnection":
          return self;
        default:
          break;
      }
      if (closed) {
        throw new SQLException("The statement is closed.");
      }
      if (method.getDeclaringClass() == Statement.class
          && (name.startsWith("set") || name.equals("closeOnCompletion"))) {
        changedSettings = true;
      }
      Object result = call(statement, method, args);
      if (result instanceof ResultSet rows) {
        results = rows;
      }
      return result;
    }
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            StatementCache.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
