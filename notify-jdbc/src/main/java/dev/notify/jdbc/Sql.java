package dev.notify.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
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

  Sql(DataSource dataSource) {
    this.dataSource = dataSource;
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
        return work.run(host);
      } catch (SQLException e) {
        throw new JdbcStoreException(operation, e);
      }
    }
    try (Connection c = dataSource.getConnection()) {
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
    } catch (SQLException e) {
      throw new JdbcStoreException(operation, e);
    }
  }
}
