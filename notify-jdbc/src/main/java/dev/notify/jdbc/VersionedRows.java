package dev.notify.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongFunction;

/**
 * Rows of (key, version, body) saved with optimistic versions: a first save inserts version 1 if no
 * row exists, a later one updates only the version it read. Users' settings and organisations'
 * settings are kept this way. Thread-safe (each save is one transaction).
 */
final class VersionedRows {
  private final Sql sql;
  private final Dialect dialect;
  private final String table;
  private final String key;

  VersionedRows(Sql sql, Dialect dialect, String table, String key) {
    this.sql = sql;
    this.dialect = dialect;
    this.table = table;
    this.key = key;
  }

  /** A stored body and its version. */
  @FunctionalInterface
  interface Reader<T> {
    T read(String body, long version);
  }

  /** The row of {@code id} read by {@code reader}, or {@code none} when there is no row. */
  <T> T load(String operation, String id, Reader<T> reader, T none) {
    return sql.read(
        operation,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT version, body FROM " + table + " WHERE " + key + " = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? reader.read(rs.getString(2), rs.getLong(1)) : none;
            }
          }
        });
  }

  /**
   * Saves {@code body} under {@code id} if its stored version is still {@code expectedVersion}.
   *
   * @param conflict makes the exception for a lost race from the stored version
   * @return the new version
   */
  long save(
      String operation,
      String id,
      String body,
      long expectedVersion,
      LongFunction<RuntimeException> conflict) {
    if (expectedVersion < 0) {
      throw new IllegalArgumentException(
          "expectedVersion must not be negative, got " + expectedVersion);
    }
    long next = expectedVersion + 1;
    return sql.transaction(
        operation,
        c -> {
          int n;
          if (expectedVersion == 0) {
            try (PreparedStatement ps =
                c.prepareStatement(dialect.insertIfAbsent(table, key, key, "version", "body"))) {
              ps.setString(1, id);
              ps.setLong(2, next);
              ps.setString(3, body);
              n = ps.executeUpdate();
            } catch (SQLException e) {
              if (!"23505".equals(e.getSQLState())) {
                throw e;
              }
              n = 0; // a concurrent first save won (H2 reports it as a duplicate key)
            }
          } else {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE "
                        + table
                        + " SET version = ?, body = ? WHERE "
                        + key
                        + " = ? AND version = ?")) {
              ps.setLong(1, next);
              ps.setString(2, body);
              ps.setString(3, id);
              ps.setLong(4, expectedVersion);
              n = ps.executeUpdate();
            }
          }
          if (n != 1) {
            throw conflict.apply(currentVersion(c, id));
          }
          return next;
        });
  }

  private long currentVersion(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT version FROM " + table + " WHERE " + key + " = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
