package dev.notify.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The schema of notify-jdbc's stores: versioned plain SQL files per dialect inside the jar ({@code
 * dev/notify/jdbc/sql/<dialect>/V<n>__<name>.sql}), applied in order by {@link #migrate}, recorded
 * in a history table with each file's checksum.
 *
 * <ul>
 *   <li>Two instances starting together do not race: the migration holds a row lock on a lock table
 *       for its transaction (on H2, which commits each DDL statement at once, instances in one JVM
 *       migrate one after the other, and a collision with another process is retried).
 *   <li>An applied file that was edited since (its checksum differs) is refused, and so is a schema
 *       newer than this library.
 *   <li>Hosts that migrate with Flyway or Liquibase take {@link #script} and skip {@link #migrate}
 *       (see {@code JdbcStores.Builder.migrate(false)}).
 *   <li>Every table name starts with a prefix ({@code notify_} by default).
 * </ul>
 *
 * @since 0.2.0
 */
public final class Migrations {
  /** The schema version this library needs. */
  public static final int LATEST = 13;

  /**
   * SQL states of a collision with another instance migrating: duplicates, existing tables and
   * columns, and on H2 the internal copy of a table an {@code ALTER TABLE} of the other instance is
   * replacing (not found for a moment).
   */
  private static final Set<String> RACES =
      Set.of("23505", "42P07", "42710", "42S01", "42101", "40001", "42701", "42121", "42102");

  /** Held while a migration runs on H2 in this JVM. */
  private static final Object H2_MIGRATIONS = new Object();

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");

  private final Dialect dialect;
  private final String prefix;
  private int until = LATEST;

  private Migrations(Dialect dialect, String prefix) {
    this.dialect = Objects.requireNonNull(dialect, "dialect cannot be null");
    Objects.requireNonNull(prefix, "prefix cannot be null");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix must be lower-case letters, digits and _, starting with a letter, at most 31"
              + " characters, got \""
              + prefix
              + "\"");
    }
    this.prefix = prefix;
  }

  /** The migrations of {@code dialect} for tables named {@code prefix}… */
  public static Migrations of(Dialect dialect, String prefix) {
    return new Migrations(dialect, prefix);
  }

  /** These migrations applying versions up to {@code version} only: for tests of an upgrade. */
  Migrations until(int version) {
    this.until = version;
    return this;
  }

  /** One migration file. */
  record Script(int version, String name, String sql, String checksum) {}

  /** Every script of the dialect, in version order, with the prefix filled in. */
  List<Script> scripts() {
    String base = "/dev/notify/jdbc/sql/" + dialect.folder() + "/";
    List<Script> out = new ArrayList<>();
    for (String file : read(base + "migrations.txt").split("\\R")) {
      if (file.isBlank()) {
        continue;
      }
      String raw = read(base + file.strip());
      int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
      out.add(new Script(version, file.strip(), raw.replace("${prefix}", prefix), checksum(raw)));
    }
    return out;
  }

  /**
   * The whole schema as one SQL script, for hosts that migrate with their own tool (Flyway,
   * Liquibase): every version in order.
   */
  public String script() {
    StringBuilder b = new StringBuilder();
    for (Script s : scripts()) {
      b.append("-- ").append(s.name()).append('\n').append(s.sql()).append('\n');
    }
    return b.toString();
  }

  /**
   * Checks that the tables of {@link #LATEST} are there, for a host that migrates with Flyway or
   * Liquibase (notify's own history table is then not kept): reads, without a row, the newest
   * version's columns.
   *
   * @throws JdbcStoreException naming the prefix and where the scripts are, when they are not
   * @since 0.3.0
   */
  public void verify(Connection connection) throws SQLException {
    Objects.requireNonNull(connection, "connection cannot be null");
    boolean auto = connection.getAutoCommit();
    try (Statement st = connection.createStatement()) {
      // Version 13's table, 12's columns, and tables of earlier versions the stores read.
      st.executeQuery("SELECT 1 FROM " + prefix + "push_subscriptions WHERE 1 = 0").close();
      st.executeQuery("SELECT link, snoozed_until FROM " + prefix + "inbox WHERE 1 = 0").close();
      st.executeQuery("SELECT 1 FROM " + prefix + "presence WHERE 1 = 0").close();
      st.executeQuery("SELECT 1 FROM " + prefix + "history WHERE 1 = 0").close();
      st.executeQuery("SELECT 1 FROM " + prefix + "outbox WHERE 1 = 0").close();
    } catch (SQLException e) {
      if (!auto) {
        connection.rollback(); // PostgreSQL: the failed statement aborted the transaction
      }
      throw new JdbcStoreException(
          "notify's tables with prefix \""
              + prefix
              + "\" are missing or older than version "
              + LATEST
              + " ("
              + e.getMessage()
              + "): run the scripts at classpath:dev/notify/jdbc/sql/"
              + (dialect == Dialect.POSTGRESQL ? "postgresql" : "h2")
              + "/ in order (Flyway reads them there), or let notify migrate");
    }
  }

  /**
   * Brings the schema to {@link #LATEST} on {@code connection} (in its own transaction), applying
   * the versions it lacks.
   *
   * @return the versions applied now (empty when the schema was up to date)
   * @throws JdbcStoreException when the database is newer than this library, or an applied file
   *     changed since it was applied, or a statement failed (then nothing of this run is kept where
   *     the database can roll DDL back)
   */
  public List<Integer> migrate(Connection connection) throws SQLException {
    Objects.requireNonNull(connection, "connection cannot be null");
    // Two instances starting together can collide before the lock row exists (PostgreSQL's
    // concurrent CREATE TABLE IF NOT EXISTS), or after it (H2 commits DDL at once, releasing the
    // lock): the loser sees a duplicate, waits for the winner to record its versions, then finds
    // nothing left to do.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        if (dialect == Dialect.POSTGRESQL) {
          return migrateOnce(connection);
        }
        // H2 runs two ALTER TABLEs of one table at once badly (an internal error, not a
        // duplicate): instances in one JVM — H2 is embedded — migrate one after the other.
        synchronized (H2_MIGRATIONS) {
          return migrateOnce(connection);
        }
      } catch (SQLException e) {
        if (!RACES.contains(e.getSQLState()) || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private List<Integer> migrateOnce(Connection connection) throws SQLException {
    boolean auto = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + prefix + "schema_lock (id INTEGER PRIMARY KEY)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + prefix
              + "schema_history (version INTEGER PRIMARY KEY,"
              + " name VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at BIGINT"
              + " NOT NULL)");
      connection.commit();
      try (PreparedStatement ins =
          connection.prepareStatement(dialect.insertIfAbsent(prefix + "schema_lock", "id", "id"))) {
        ins.setInt(1, 1);
        ins.executeUpdate();
      }
      connection.commit();
      // Held until this transaction ends: a second instance waits here, then finds the work done.
      st.executeQuery("SELECT id FROM " + prefix + "schema_lock WHERE id = 1 FOR UPDATE").close();
      Map<Integer, String> applied = new TreeMap<>();
      try (ResultSet rs =
          st.executeQuery("SELECT version, checksum FROM " + prefix + "schema_history")) {
        while (rs.next()) {
          applied.put(rs.getInt(1), rs.getString(2));
        }
      }
      List<Script> scripts = scripts();
      int newest = applied.keySet().stream().mapToInt(i -> i).max().orElse(0);
      if (newest > LATEST) {
        throw new JdbcStoreException(
            "the database's notify schema is version "
                + newest
                + ", newer than this library ("
                + LATEST
                + "): upgrade notify-jdbc, or point it at another schema or prefix");
      }
      List<Integer> done = new ArrayList<>();
      for (Script s : scripts) {
        if (s.version() > until) {
          break;
        }
        String checksum = applied.get(s.version());
        if (checksum != null) {
          if (!checksum.equals(s.checksum())) {
            throw new JdbcStoreException(
                "migration "
                    + s.name()
                    + " was applied with checksum "
                    + checksum
                    + " but the file in this jar has "
                    + s.checksum()
                    + ": an applied migration must never be edited");
          }
          continue;
        }
        for (String statement : statements(s.sql())) {
          if (dialect == Dialect.H2 && droppedAlready(connection, statement)) {
            continue; // a crash between version 8's DROP PRIMARY KEY and its ADD PRIMARY KEY
          }
          st.execute(dialect == Dialect.H2 ? resumable(statement) : statement);
        }
        try (PreparedStatement h =
            connection.prepareStatement(
                "INSERT INTO "
                    + prefix
                    + "schema_history (version, name, checksum, applied_at)"
                    + " VALUES (?, ?, ?, ?)")) {
          h.setInt(1, s.version());
          h.setString(2, s.name());
          h.setString(3, s.checksum());
          h.setLong(4, System.currentTimeMillis());
          h.executeUpdate();
        }
        done.add(s.version());
      }
      connection.commit();
      return done;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(auto);
    }
  }

  /**
   * A statement of a script made safe to run twice: H2 commits each DDL statement at once, so a
   * crash in the middle of a version leaves part of it applied with no history row, and the next
   * start runs the version again. The files keep their plain form (their checksums are recorded).
   */
  static String resumable(String statement) {
    String s = statement.strip();
    if (s.startsWith("CREATE TABLE ") && !s.startsWith("CREATE TABLE IF NOT EXISTS ")) {
      return "CREATE TABLE IF NOT EXISTS " + s.substring("CREATE TABLE ".length());
    }
    if (s.startsWith("CREATE INDEX ") && !s.startsWith("CREATE INDEX IF NOT EXISTS ")) {
      return "CREATE INDEX IF NOT EXISTS " + s.substring("CREATE INDEX ".length());
    }
    if (s.startsWith("ALTER TABLE ")
        && s.contains(" ADD COLUMN ")
        && !s.contains(" IF NOT EXISTS ")) {
      return s.replaceFirst(" ADD COLUMN ", " ADD COLUMN IF NOT EXISTS ");
    }
    return s;
  }

  /**
   * Whether {@code statement} drops the primary key of a table that has none: H2 has no {@code DROP
   * PRIMARY KEY IF EXISTS}, and a version resumed after a crash between dropping a key and adding
   * its successor must go on.
   */
  private static boolean droppedAlready(Connection connection, String statement)
      throws SQLException {
    String s = statement.strip();
    if (!s.startsWith("ALTER TABLE ") || !s.endsWith(" DROP PRIMARY KEY")) {
      return false;
    }
    String table = s.substring("ALTER TABLE ".length(), s.length() - " DROP PRIMARY KEY".length());
    try (ResultSet keys =
        connection
            .getMetaData()
            .getPrimaryKeys(null, null, table.strip().toUpperCase(Locale.ROOT))) {
      return !keys.next();
    }
  }

  /** The statements of a script: split at semicolons that end a line; comments dropped. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : sql.split("\\R")) {
      String t = line.strip();
      if (t.startsWith("--") || t.isEmpty()) {
        continue;
      }
      cur.append(line).append('\n');
      if (t.endsWith(";")) {
        String s = cur.toString().strip();
        out.add(s.substring(0, s.length() - 1));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " in notify-jdbc's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  private static String checksum(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
