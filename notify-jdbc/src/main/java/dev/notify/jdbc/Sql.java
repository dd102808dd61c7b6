package dev.notify.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Runs the stores' statements: on the host's own connection when the thread is inside {@link
 * JdbcStores#inTransaction} (the host commits), else on a connection of the data source, in a
 * transaction of its own, committed or rolled back here.
 */
final class Sql {
  /** A unit of work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** A row read into a value. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Ids bound to one {@code = ANY(?)} query at most. */
  static final int CHUNK = 10_000;

  private static final ThreadLocal<@Nullable Connection> HOST = new ThreadLocal<>();

  private final DataSource dataSource;
  private final int timeoutSeconds;

  /**
   * @param timeoutSeconds each statement's query timeout ({@link Statement#setQueryTimeout}), so
   *     that no call waits on a frozen database longer than that; 0 for none
   */
  Sql(DataSource dataSource, int timeoutSeconds, HostTransactions joined) {
    this.dataSource = dataSource;
    this.timeoutSeconds = timeoutSeconds;
    this.joined = joined;
  }

  private final HostTransactions joined;

  /**
   * {@code c} with every statement it makes bounded by the query timeout: a proxy, so the stores'
   * code stays plain JDBC and no statement can be made without it.
   */
  private Connection bounded(Connection c) {
    if (timeoutSeconds == 0) {
      return c;
    }
    return (Connection)
        Proxy.newProxyInstance(
            Sql.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof Statement st) {
                st.setQueryTimeout(timeoutSeconds);
              }
              return result;
            });
  }

  /** A connection of the data source, for a caller that keeps it (the outbox's listener). */
  Connection dedicated() throws SQLException {
    return dataSource.getConnection();
  }

  static @Nullable Connection host() {
    return HOST.get();
  }

  static void bind(@Nullable Connection c) {
    if (c == null) {
      HOST.remove();
    } else {
      HOST.set(c);
    }
  }

  /**
   * Runs {@code work} with every statement of these stores on one connection, in one transaction
   * committed here ({@link JdbcStores#atomically}); inside the host's transaction (bound, or its
   * framework's), {@code work} joins it and nothing is committed here.
   */
  <T> T unit(String operation, Supplier<T> work) {
    if (HOST.get() != null) {
      return work.get();
    }
    Connection framework;
    try {
      framework = joined.current();
    } catch (SQLException e) {
      throw failed(operation, e);
    }
    if (framework != null) {
      joined.release(framework);
      return work.get(); // each statement joins the framework's transaction
    }
    try (Connection c = dataSource.getConnection()) {
      bind(c);
      try {
        return committed(c, unused -> work.get());
      } finally {
        bind(null);
      }
    } catch (SQLException e) {
      throw failed(operation, e);
    }
  }

  /**
   * Runs {@code work} on {@code c} in a transaction of its own: committed when it returns, rolled
   * back when it throws; {@code c}'s auto-commit is restored either way.
   */
  private static <T> T committed(Connection c, Work<T> work) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        c.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /**
   * Runs {@code work} on {@code c} as one whole: in a transaction of its own when {@code c} is in
   * auto-commit ({@link #eachStatement}), else in the transaction {@code c} is already in.
   */
  static <T> T whole(Connection c, Work<T> work) throws SQLException {
    return c.getAutoCommit() ? committed(c, work) : work.run(c);
  }

  /** Runs {@code work} in one transaction; a failure rolls it back and says which operation. */
  <T> T transaction(String operation, Work<T> work) {
    return run(operation, work, false);
  }

  /**
   * Runs {@code work}, one read-only statement, in the host's transaction when there is one, else
   * on its own in auto-commit: a single statement sees one snapshot anyway, and PostgreSQL then
   * answers in one round trip instead of two (the query, then a {@code COMMIT}).
   */
  <T> T read(String operation, Work<T> work) {
    return eachStatement(operation, work); // a single statement is whole by itself
  }

  /**
   * Runs {@code work} in the host's transaction when there is one, else in auto-commit: each of its
   * statements commits on its own. For work whose every statement is whole by itself (a claim of
   * one bucket, a completion that writes its history in the same statement): it saves the {@code
   * COMMIT} round trip, and a failure part-way leaves only whole statements done.
   */
  <T> T eachStatement(String operation, Work<T> work) {
    return run(operation, work, true);
  }

  private <T> T run(String operation, Work<T> work, boolean oneRead) {
    Connection host = HOST.get();
    if (host != null) {
      try {
        return work.run(bounded(host));
      } catch (SQLException e) {
        throw failed(operation, e);
      }
    }
    Connection framework;
    try {
      framework = joined.current();
    } catch (SQLException e) {
      throw failed(operation, e);
    }
    if (framework != null) {
      // The host's framework's transaction: it commits, rolls back and closes.
      try {
        return work.run(bounded(framework));
      } catch (SQLException e) {
        throw failed(operation, e);
      } finally {
        joined.release(framework);
      }
    }
    try (Connection c = dataSource.getConnection()) {
      if (oneRead && c.getAutoCommit()) {
        return work.run(bounded(c));
      }
      return committed(c, own -> work.run(bounded(own)));
    } catch (SQLException e) {
      throw failed(operation, e);
    }
  }

  /**
   * The rows of {@code ids}, keyed by their first column: {@code query} selects it first and has
   * one parameter, the ids' array ({@code WHERE key = ANY(?)}); read in chunks of {@value #CHUNK}
   * ids, each a read of its own ({@link #read}). An id without a row is absent.
   */
  <T> Map<String, T> byIds(String operation, String query, Collection<String> ids, Row<T> row) {
    Objects.requireNonNull(ids, "ids cannot be null");
    List<String> all = new ArrayList<>(ids);
    Map<String, T> out = new HashMap<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      read(
          operation,
          c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
              Array array = c.createArrayOf("VARCHAR", chunk.toArray());
              ps.setArray(1, array);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.put(rs.getString(1), row.read(rs));
                }
              }
              array.free();
              return chunk.size(); // what the chunk read is in out
            }
          });
    }
    return out;
  }

  /**
   * Marks in {@code added} which offered rows an {@code INSERT … RETURNING} inserted: each row's
   * {@code key} (null: a row that is no insert's, skipped) is looked up in {@code first}, the index
   * of the first entry offered with that key; a key that was never offered is an error.
   */
  static void markInserted(
      ResultSet rs, Row<@Nullable String> key, Map<String, Integer> first, boolean[] added)
      throws SQLException {
    while (rs.next()) {
      String k = key.read(rs);
      if (k == null) {
        continue;
      }
      Integer i = first.get(k);
      if (i == null) {
        throw new SQLException("the database inserted an id it was not given");
      }
      added[i] = true;
    }
  }

  /** The store's exception for a failed operation; a time-out says so, with the bound. */
  private JdbcStoreException failed(String operation, SQLException e) {
    if (e instanceof SQLTimeoutException || "57014".equals(e.getSQLState())) {
      return new JdbcStoreException(
          operation + " within the query timeout of " + timeoutSeconds + " s (timed out)", e);
    }
    return new JdbcStoreException(operation, e);
  }
}
