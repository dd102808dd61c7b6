package dev.notify.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
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

  private static final ThreadLocal<@Nullable Connection> HOST = new ThreadLocal<>();

  private final DataSource dataSource;
  private final int timeoutSeconds;

  /**
   * @param timeoutSeconds each statement's query timeout ({@link Statement#setQueryTimeout}), so
   *     that no call waits on a frozen database longer than that; 0 for none
   */
  Sql(DataSource dataSource, int timeoutSeconds) {
    this.dataSource = dataSource;
    this.timeoutSeconds = timeoutSeconds;
  }

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

  /** Runs {@code work} in one transaction; a failure rolls it back and says which operation. */
  <T> T transaction(String operation, Work<T> work) {
    Connection host = HOST.get();
    if (host != null) {
      try {
        return work.run(bounded(host));
      } catch (SQLException e) {
        throw failed(operation, e);
      }
    }
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(bounded(c));
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
    } catch (SQLException e) {
      throw failed(operation, e);
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
