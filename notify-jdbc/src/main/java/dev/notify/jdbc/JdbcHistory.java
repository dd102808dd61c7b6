package dev.notify.jdbc;

import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.HistoryFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The delivery history in one table, keyed by the recipient: the outbox writes each event on the
 * connection of the change it records ({@link #record}), so both commit or roll back together.
 * Thread-safe.
 */
final class JdbcHistory implements DeliveryHistory {
  private static final String COLUMNS =
      "SELECT seq, delivery_id, at, kind, due_at, detail, worker FROM ";

  private final Sql sql;
  private final Dialect dialect;
  private final String table;
  private final boolean keep;

  JdbcHistory(Sql sql, Dialect dialect, String prefix, boolean keep) {
    this.sql = sql;
    this.dialect = dialect;
    this.table = prefix + "history";
    this.keep = keep;
  }

  @Override
  public boolean kept() {
    return keep;
  }

  /** An event to record: its sequence number is the table's. */
  static HistoryEvent event(
      String deliveryId,
      Instant at,
      HistoryEvent.Kind kind,
      @Nullable Instant due,
      String detail,
      @Nullable String worker) {
    return new HistoryEvent(0, deliveryId, at, kind, due, detail, worker);
  }

  /** Writes {@code events} on {@code c}, in the transaction of the change they record. */
  void record(Connection c, List<HistoryEvent> events) throws SQLException {
    if (events.isEmpty() || !keep) {
      return;
    }
    if (dialect.takesArrays() && events.size() > 1) {
      recordArrays(c, events);
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (user_id, delivery_id, action_id, at, kind, due_at, detail, worker)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (HistoryEvent e : events) {
        bindOne(ps, 1, e);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * PostgreSQL: as {@link #insertFor}, for one event bound as eight plain parameters ({@link
   * #bindOne}): for one row, binding eight arrays cost more than it saved.
   */
  @Nullable String insertOneFor(String changed) {
    if (!keep || !dialect.takesArrays()) {
      return null;
    }
    return INSERT
        + table
        + " (user_id, delivery_id, action_id, at, kind, due_at, detail, worker)"
        + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM "
        + changed
        + ")";
  }

  /** Binds one event's eight columns from parameter {@code at}; returns the next index. */
  static int bindOne(PreparedStatement ps, int at, HistoryEvent e) throws SQLException {
    ps.setString(at, Keys.userOf(e.deliveryId()));
    ps.setString(at + 1, e.deliveryId());
    ps.setString(at + 2, Keys.actionOf(e.deliveryId()));
    ps.setLong(at + 3, Nanos.of(e.at()));
    ps.setString(at + 4, e.kind().name());
    Instant due = e.due();
    if (due == null) {
      ps.setNull(at + 5, Types.BIGINT);
    } else {
      ps.setLong(at + 5, Nanos.of(due));
    }
    ps.setString(at + 6, e.detail());
    ps.setString(at + 7, e.worker());
    return at + 8;
  }

  /**
   * One statement for many events (a publish's fan-out queues thousands): a batch of single-row
   * inserts made a 5,000-email fan-out 49 % slower than without history.
   */
  private void recordArrays(Connection c, List<HistoryEvent> events) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT + table + " " + FROM_ARRAYS)) {
      bindArrays(c, ps, 1, events);
      ps.executeUpdate();
    }
  }

  private static final String INSERT = "INSERT INTO ";
  private static final String FROM_ARRAYS =
      "(user_id, delivery_id, action_id, at, kind, due_at, detail, worker)"
          + " SELECT x.* FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[],"
          + " ?::varchar[], ?::bigint[], ?::text[], ?::varchar[])"
          + " AS x (user_id, delivery_id, action_id, at, kind, due_at, detail, worker)";

  /**
   * PostgreSQL: an insert of events for a statement's common table expression {@code changed} (with
   * a column {@code id}, the delivery ids it changed), to run in the same statement — only the
   * events of the deliveries it changed are written (bound by {@link #bindArrays}). Null when the
   * history is not kept or the dialect takes no arrays: then the caller records on its own.
   */
  @Nullable String insertFor(String changed) {
    if (!keep || !dialect.takesArrays()) {
      return null;
    }
    return INSERT
        + table
        + " "
        + FROM_ARRAYS
        + " WHERE x.delivery_id IN (SELECT id FROM "
        + changed
        + ")";
  }

  /**
   * Binds {@code events} to the eight array parameters of {@link #insertFor} (or of the plain
   * insert from arrays) from parameter {@code at}; returns the next parameter's index.
   */
  static int bindArrays(Connection c, PreparedStatement ps, int at, List<HistoryEvent> events)
      throws SQLException {
    int n = events.size();
    String[] users = new String[n];
    String[] ids = new String[n];
    String[] actions = new String[n];
    Long[] when = new Long[n];
    String[] kinds = new String[n];
    Long[] due = new Long[n];
    String[] details = new String[n];
    String[] workers = new String[n];
    for (int i = 0; i < n; i++) {
      HistoryEvent e = events.get(i);
      users[i] = Keys.userOf(e.deliveryId());
      ids[i] = e.deliveryId();
      actions[i] = Keys.actionOf(e.deliveryId());
      when[i] = Nanos.of(e.at());
      kinds[i] = e.kind().name();
      Instant d = e.due();
      due[i] = d == null ? null : Nanos.of(d);
      details[i] = e.detail();
      workers[i] = e.worker();
    }
    ps.setArray(at, c.createArrayOf("varchar", users));
    ps.setArray(at + 1, c.createArrayOf("varchar", ids));
    ps.setArray(at + 2, c.createArrayOf("varchar", actions));
    ps.setArray(at + 3, c.createArrayOf("bigint", when));
    ps.setArray(at + 4, c.createArrayOf("varchar", kinds));
    ps.setArray(at + 5, c.createArrayOf("bigint", due));
    ps.setArray(at + 6, c.createArrayOf("text", details));
    ps.setArray(at + 7, c.createArrayOf("varchar", workers));
    return at + 8;
  }

  @Override
  public List<HistoryEvent> of(String deliveryId) {
    Objects.requireNonNull(deliveryId, "deliveryId cannot be null");
    return query(
        "read a delivery's history",
        COLUMNS + table + " WHERE user_id = ? AND delivery_id = ? ORDER BY seq",
        ps -> {
          ps.setString(1, Keys.userOf(deliveryId));
          ps.setString(2, deliveryId);
        });
  }

  @Override
  public List<HistoryEvent> ofAction(String actionId) {
    Objects.requireNonNull(actionId, "actionId cannot be null");
    return query(
        "read an action's history",
        COLUMNS
            + table
            + " /* cross-shard: an operator's search by action */ WHERE action_id = ?"
            + " ORDER BY seq",
        ps -> ps.setString(1, actionId));
  }

  @Override
  public List<HistoryEvent> ofUser(String userId, @Nullable HistoryEvent before, int limit) {
    Objects.requireNonNull(userId, "userId cannot be null");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    return query(
        "read a user's history",
        COLUMNS
            + table
            + " WHERE user_id = ?"
            + (before == null ? "" : " AND seq < ?")
            + " ORDER BY seq DESC LIMIT ?",
        ps -> {
          ps.setString(1, userId);
          int i = 2;
          if (before != null) {
            ps.setLong(i++, before.seq());
          }
          ps.setInt(i, limit);
        });
  }

  @Override
  public List<HistoryEvent> find(HistoryFilter filter, @Nullable HistoryEvent before, int limit) {
    Objects.requireNonNull(filter, "filter cannot be null");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    StringBuilder q =
        new StringBuilder(COLUMNS)
            .append(table)
            .append(" h /* cross-shard: an operator's search */ WHERE 1 = 1");
    List<HistoryEvent.Kind> kinds = filter.kinds().stream().sorted().toList();
    if (!kinds.isEmpty()) {
      q.append(" AND kind IN (").append("?, ".repeat(kinds.size() - 1)).append("?)");
    }
    if (filter.medium() != null) {
      q.append(" AND delivery_id LIKE ? ESCAPE '!'");
    }
    if (filter.from() != null) {
      q.append(" AND at >= ?");
    }
    if (filter.before() != null) {
      q.append(" AND at < ?");
    }
    if (before != null) {
      q.append(" AND seq < ?");
    }
    if (filter.currentOnly()) {
      // The delivery's last event: none after it (served by the by-delivery index).
      q.append(" AND NOT EXISTS (SELECT 1 FROM ")
          .append(table)
          .append(" n WHERE n.user_id = h.user_id AND n.delivery_id = h.delivery_id")
          .append(" AND n.seq > h.seq)");
    }
    q.append(" ORDER BY seq DESC LIMIT ?");
    return query(
        "search the delivery history",
        q.toString(),
        ps -> {
          int i = 1;
          for (HistoryEvent.Kind k : kinds) {
            ps.setString(i++, k.name());
          }
          String medium = filter.medium();
          if (medium != null) {
            ps.setString(i++, JdbcDeadLetters.mediumPattern(medium));
          }
          Instant from = filter.from();
          if (from != null) {
            ps.setLong(i++, Nanos.of(from));
          }
          Instant until = filter.before();
          if (until != null) {
            ps.setLong(i++, Nanos.of(until));
          }
          if (before != null) {
            ps.setLong(i++, before.seq());
          }
          ps.setInt(i, limit);
        });
  }

  @Override
  public int forgetBefore(Instant cutoff, int limit) {
    long c = Nanos.of(Objects.requireNonNull(cutoff, "cutoff cannot be null"));
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    return sql.transaction(
        "apply the history retention",
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "DELETE FROM "
                      + table
                      + " /* cross-shard: retention */ WHERE (user_id, seq) IN"
                      + " (SELECT user_id, seq FROM "
                      + table
                      + " WHERE at < ? ORDER BY at LIMIT ?)")) {
            ps.setLong(1, c);
            ps.setInt(2, limit);
            return ps.executeUpdate();
          }
        });
  }

  private List<HistoryEvent> query(String operation, String query, JdbcOutbox.Binder binder) {
    return sql.transaction(
        operation,
        c -> {
          List<HistoryEvent> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(query)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long due = rs.getLong(5);
                Instant d = rs.wasNull() ? null : Nanos.toInstant(due);
                HistoryEvent.Kind kind;
                try {
                  kind = HistoryEvent.Kind.valueOf(rs.getString(4));
                } catch (IllegalArgumentException e) {
                  continue; // a kind of a newer version: not one this version can say
                }
                out.add(
                    new HistoryEvent(
                        rs.getLong(1),
                        rs.getString(2),
                        Nanos.toInstant(rs.getLong(3)),
                        kind,
                        d,
                        rs.getString(6),
                        rs.getString(7)));
              }
            }
          }
          return out;
        });
  }
}
