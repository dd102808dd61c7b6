package dev.notify.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The databases notify-jdbc runs on, and everything that differs between them — in this one place.
 *
 * @since 0.2.0
 */
public enum Dialect {
  /** PostgreSQL 15 and later. */
  POSTGRESQL("postgresql"),
  /** H2 2.x, in any compatibility mode. */
  H2("h2");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /**
   * The dialect of the database behind {@code connection}.
   *
   * @throws IllegalArgumentException for a database notify-jdbc does not support, naming it
   */
  public static Dialect of(Connection connection) throws SQLException {
    Objects.requireNonNull(connection, "connection cannot be null");
    String product = connection.getMetaData().getDatabaseProductName();
    String p = product.toLowerCase(Locale.ROOT);
    if (p.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (p.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "notify-jdbc supports PostgreSQL 15+ and H2 2.x, not \"" + product + "\"");
  }

  /** The folder of this dialect's SQL scripts in the jar. */
  String folder() {
    return folder;
  }

  /**
   * An insert of {@code columns} into {@code table} that does nothing when a row with the same
   * {@code key} (one column, or several separated by commas) exists: its update count is 1 when it
   * inserted, 0 when not.
   */
  String insertIfAbsent(String table, String key, String... columns) {
    String cols = String.join(", ", columns);
    String marks = "?" + ", ?".repeat(columns.length - 1);
    if (this == POSTGRESQL) {
      return "INSERT INTO "
          + table
          + " ("
          + cols
          + ") VALUES ("
          + marks
          + ") ON CONFLICT ("
          + key
          + ") DO NOTHING";
    }
    // H2 in any mode: a standard MERGE that only inserts.
    StringBuilder source = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      source.append(i == 0 ? "" : ", ").append(columns[i]);
      values.append(i == 0 ? "" : ", ").append("s.").append(columns[i]);
    }
    return "MERGE INTO "
        + table
        + " t USING (VALUES ("
        + marks
        + ")) s ("
        + source
        + ") ON "
        + matching(key)
        + " WHEN NOT MATCHED THEN INSERT ("
        + cols
        + ") VALUES ("
        + values
        + ")";
  }

  /** {@code t.k = s.k} for each column of {@code key} ({@code "user_id, id"}: two). */
  private static String matching(String key) {
    StringBuilder on = new StringBuilder();
    for (String k : key.split(",\\s*")) {
      on.append(on.length() == 0 ? "" : " AND ").append("t.").append(k).append(" = s.").append(k);
    }
    return on.toString();
  }

  /**
   * An insert of {@code columns} into {@code table} that updates the row with the same key ({@code
   * key}: one column, or several separated by commas).
   */
  String upsert(String table, String key, String... columns) {
    String cols = String.join(", ", columns);
    String marks = "?" + ", ?".repeat(columns.length - 1);
    StringBuilder set = new StringBuilder();
    List<String> keys = List.of(key.split(",\\s*")); // a key of one column or several
    for (String c : columns) {
      if (!keys.contains(c)) {
        set.append(set.length() == 0 ? "" : ", ").append(c).append(" = ");
        set.append(this == POSTGRESQL ? "EXCLUDED." : "s.").append(c);
      }
    }
    if (this == POSTGRESQL) {
      return "INSERT INTO "
          + table
          + " ("
          + cols
          + ") VALUES ("
          + marks
          + ") ON CONFLICT ("
          + key
          + ") DO UPDATE SET "
          + set;
    }
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      values.append(i == 0 ? "" : ", ").append("s.").append(columns[i]);
    }
    return "MERGE INTO "
        + table
        + " t USING (VALUES ("
        + marks
        + ")) s ("
        + cols
        + ") ON "
        + matching(key)
        + " WHEN MATCHED THEN UPDATE SET "
        + set
        + " WHEN NOT MATCHED THEN INSERT ("
        + cols
        + ") VALUES ("
        + values
        + ")";
  }

  /**
   * Whether {@code e}, or an exception it chains, is a duplicate-key violation (SQL state 23505):
   * H2's {@code MERGE} reports so an insert of a key that another transaction inserted meanwhile,
   * where PostgreSQL's {@code ON CONFLICT DO NOTHING} waits and does nothing.
   */
  static boolean duplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (SQLException s = t instanceof SQLException q ? q : null;
          s != null;
          s = s.getNextException()) {
        if ("23505".equals(s.getSQLState())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether claims lock rows with {@code FOR UPDATE SKIP LOCKED} in one statement (PostgreSQL), or
   * claim optimistically by version (H2: there, a second transaction's {@code SKIP LOCKED} select
   * saw no row at all while another held some).
   */
  boolean claimsWithSkipLocked() {
    return this == POSTGRESQL;
  }

  /**
   * Whether a batch goes to the database as array parameters of one set-based statement ({@code
   * unnest}, {@code = ANY}, {@code RETURNING}): on PostgreSQL that inserts 5,000 outbox entries in
   * about half the time of a JDBC batch of single-row statements. H2 gets JDBC batches.
   */
  boolean takesArrays() {
    return this == POSTGRESQL;
  }
}
