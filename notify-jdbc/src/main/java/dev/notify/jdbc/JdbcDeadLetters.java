package dev.notify.jdbc;

import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetterFilter;
import dev.notify.spi.DeadLetters;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.TransportException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The dead letters of a {@link JdbcOutbox}: its rows in the dead state, listed, redriven and purged
 * in their own short transactions. Thread-safe.
 */
final class JdbcDeadLetters implements DeadLetters {
  private final Sql sql;
  private final String table;
  private final JdbcOutbox outbox;

  JdbcDeadLetters(Sql sql, String table, JdbcOutbox outbox) {
    this.sql = sql;
    this.table = table;
    this.outbox = outbox;
  }

  /** What a listing selects, in the order {@link #read} reads it. */
  private static final String COLUMNS =
      "SELECT id, payload, due_at, enqueued_at, dead_kind, dead_message, attempts, dead_at FROM ";

  @Override
  public List<DeadLetter> list(int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    return sql.transaction(
        "list dead letters",
        c -> {
          List<DeadLetter> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  COLUMNS
                      + table
                      + " /* cross-shard: an operator's list */ WHERE state = 3"
                      + " ORDER BY dead_at, seq LIMIT ? OFFSET ?")) {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            read(ps, out);
          }
          return out;
        });
  }

  /** Reads the dead letters a query selected (its columns as {@link #COLUMNS} names them). */
  private void read(PreparedStatement ps, List<DeadLetter> out) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        TransportException.Kind kind;
        try {
          kind = TransportException.Kind.valueOf(rs.getString(5));
        } catch (RuntimeException e) {
          kind = TransportException.Kind.UNKNOWN; // a kind of a newer version: never resent
        }
        out.add(
            new DeadLetter(
                id,
                outbox.readable(id, rs.getString(2), rs.getLong(3), rs.getLong(4)),
                kind,
                String.valueOf(rs.getString(6)),
                Math.max(0, rs.getInt(7)),
                Nanos.toInstant(rs.getLong(8)),
                Nanos.toInstant(rs.getLong(4))));
      }
    }
  }

  /** One query: the filter's conditions and the cursor in SQL, in the listing's order. */
  @Override
  public List<DeadLetter> list(DeadLetterFilter filter, @Nullable DeadLetter after, int limit) {
    Objects.requireNonNull(filter, "filter cannot be null");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    StringBuilder where = where(filter);
    if (after != null) {
      where.append(" AND (dead_at > ? OR (dead_at = ? AND id > ?))");
    }
    String query =
        COLUMNS
            + table
            + " /* cross-shard: an operator's list */"
            + where
            + " ORDER BY dead_at, id LIMIT ?";
    return sql.transaction(
        "list dead letters",
        c -> {
          List<DeadLetter> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(query)) {
            int i = bind(ps, filter);
            if (after != null) {
              ps.setLong(i++, Nanos.of(after.at()));
              ps.setLong(i++, Nanos.of(after.at()));
              ps.setString(i++, after.id());
            }
            ps.setInt(i, limit);
            read(ps, out);
          }
          return out;
        });
  }

  /** The dead letters {@code filter} matches, as a WHERE clause; {@link #bind} binds it. */
  private static StringBuilder where(DeadLetterFilter filter) {
    StringBuilder where = new StringBuilder(" WHERE state = ").append(JdbcOutbox.DEAD);
    int kinds = filter.kinds().size();
    if (kinds > 0) {
      where.append(" AND dead_kind IN (").append("?, ".repeat(kinds - 1)).append("?)");
    }
    if (filter.medium() != null) {
      // The medium is the id's last part: ".../email". LIKE's wildcards in it are escaped.
      where.append(" AND id LIKE ? ESCAPE '!'");
    }
    if (filter.deadFrom() != null) {
      where.append(" AND dead_at >= ?");
    }
    if (filter.deadBefore() != null) {
      where.append(" AND dead_at < ?");
    }
    return where;
  }

  /** Binds {@link #where}'s parameters from 1; answers the next parameter's index. */
  private static int bind(PreparedStatement ps, DeadLetterFilter filter) throws SQLException {
    int i = 1;
    for (TransportException.Kind k : filter.kinds().stream().sorted().toList()) {
      ps.setString(i++, k.name());
    }
    String medium = filter.medium();
    if (medium != null) {
      ps.setString(i++, mediumPattern(medium));
    }
    Instant from = filter.deadFrom();
    if (from != null) {
      ps.setLong(i++, Nanos.of(from));
    }
    Instant before = filter.deadBefore();
    if (before != null) {
      ps.setLong(i++, Nanos.of(before));
    }
    return i;
  }

  /** A LIKE pattern for ids of {@code medium} (the id's last part), its wildcards escaped. */
  static String mediumPattern(String medium) {
    return "%/" + medium.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  @Override
  public boolean redrive(String id, Instant now) {
    return redrive(id, now, null);
  }

  @Override
  public boolean redrive(String id, Instant now, @Nullable String by) {
    Objects.requireNonNull(id, "id cannot be null");
    long n = Nanos.of(Objects.requireNonNull(now, "now cannot be null"));
    return outbox.update(
        "redrive a dead letter",
        JdbcHistory.event(id, now, HistoryEvent.Kind.REDRIVEN, now, "", by),
        "UPDATE "
            + table
            + " SET state = 0, attempts = 0, deferred = TRUE, due_at = ?, dead_kind = NULL,"
            + " dead_message = NULL, dead_at = NULL WHERE bucket = ? AND id = ? AND state = 3",
        ps -> {
          ps.setLong(1, n);
          ps.setInt(2, Keys.bucketOf(id));
          ps.setString(3, id);
        });
  }

  @Override
  public int purge(DeadLetterFilter filter, Instant now, @Nullable String by, int limit) {
    Objects.requireNonNull(filter, "filter cannot be null");
    Objects.requireNonNull(now, "now cannot be null");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    // The letters are chosen first, then deleted one by one by their key, each recorded purged
    // in the same transaction.
    String statement =
        "SELECT bucket, id FROM "
            + table
            + " /* cross-shard: an operator's purge */"
            + where(filter)
            + " ORDER BY dead_at, seq LIMIT ? FOR UPDATE";
    return sql.transaction(
        "purge dead letters",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setInt(bind(ps, filter), limit);
            List<HistoryEvent> purged = new ArrayList<>();
            try (PreparedStatement del =
                c.prepareStatement("DELETE FROM " + table + " WHERE bucket = ? AND id = ?")) {
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  del.setInt(1, rs.getInt(1));
                  del.setString(2, rs.getString(2));
                  del.addBatch();
                  purged.add(
                      JdbcHistory.event(
                          rs.getString(2), now, HistoryEvent.Kind.PURGED, null, "", by));
                }
              }
              if (!purged.isEmpty()) {
                del.executeBatch();
              }
            }
            outbox.record(c, purged);
            return purged.size();
          }
        });
  }
}
