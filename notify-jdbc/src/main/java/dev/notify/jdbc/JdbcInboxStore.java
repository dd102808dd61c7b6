package dev.notify.jdbc;

import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The inbox in one table: append is idempotent by item id, the badge is counted by an index of
 * unread items, retention deletes in batches of {@value #BATCH} so no statement holds many locks.
 * Thread-safe.
 */
final class JdbcInboxStore implements InboxStore {
  static final int BATCH = 1000;

  private final Sql sql;
  private final String table;
  private final String insert;
  private final @Nullable String insertArrays; // PostgreSQL: a whole publish in one statement

  JdbcInboxStore(Sql sql, Dialect dialect, String prefix) {
    this.sql = sql;
    this.table = prefix + "inbox";
    this.insertArrays =
        dialect.takesArrays()
            ? "INSERT INTO "
                + table
                + " (id, user_id, action_id, option_id, body, created_at, is_read, is_seen,"
                + " is_archived, reason, link, snoozed_until) SELECT * FROM unnest(?::varchar[],"
                + " ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::bigint[],"
                + " ?::boolean[], ?::boolean[], ?::boolean[], ?::text[], ?::text[], ?::bigint[])"
                + " ON CONFLICT (user_id, id) DO NOTHING RETURNING user_id, id"
            : null;
    this.insert =
        dialect.insertIfAbsent(
            table,
            "user_id, id",
            "id",
            "user_id",
            "action_id",
            "option_id",
            "body",
            "created_at",
            "is_read",
            "is_seen",
            "is_archived",
            "reason",
            "link",
            "snoozed_until");
  }

  @Override
  public boolean append(InboxItem item) {
    check(item);
    return sql.transaction(
        "append to the inbox",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(insert)) {
            return insert(ps, item);
          }
        });
  }

  /**
   * On PostgreSQL one statement per {@value Sql#CHUNK} items (the first of each id offered, the
   * database answering which it inserted); on H2 (in the process: no round trips) one statement per
   * item, in one transaction.
   */
  @Override
  public boolean[] appendAll(List<InboxItem> items) {
    Objects.requireNonNull(items, "items cannot be null");
    items.forEach(JdbcInboxStore::check);
    boolean[] added = new boolean[items.size()];
    if (items.isEmpty()) {
      return added;
    }
    String arrays = insertArrays;
    return sql.transaction(
        "append to the inbox",
        c -> {
          if (arrays == null || items.size() == 1) {
            // H2, or a publish to one user: a plain insert, cheaper than binding twelve arrays.
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < added.length; i++) {
              InboxItem item = items.get(i);
              if (seen.add(key(item.userId(), item.id()))) {
                // A statement per item: H2 types its MERGE's VALUES row when first run, and a
                // reused statement turned a later item's snooze instant into NULL.
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                  added[i] = insert(ps, item);
                }
              }
            }
            return added;
          }
          Map<String, Integer> first = new HashMap<>();
          List<Integer> offered = new ArrayList<>();
          for (int i = 0; i < added.length; i++) {
            if (first.putIfAbsent(key(items.get(i).userId(), items.get(i).id()), i) == null) {
              offered.add(i);
            }
          }
          for (int from = 0; from < offered.size(); from += Sql.CHUNK) {
            List<Integer> chunk = offered.subList(from, Math.min(offered.size(), from + Sql.CHUNK));
            insertArrays(c, arrays, items, chunk, first, added);
          }
          return added;
        });
  }

  private static void insertArrays(
      Connection c,
      String statement,
      List<InboxItem> items,
      List<Integer> chunk,
      Map<String, Integer> first,
      boolean[] added)
      throws SQLException {
    int n = chunk.size();
    String[] ids = new String[n];
    String[] users = new String[n];
    String[] actions = new String[n];
    String[] options = new String[n];
    String[] bodies = new String[n];
    Long[] created = new Long[n];
    Boolean[] read = new Boolean[n];
    Boolean[] seen = new Boolean[n];
    Boolean[] archived = new Boolean[n];
    String[] reasons = new String[n];
    String[] links = new String[n];
    Long[] snoozed = new Long[n];
    for (int k = 0; k < n; k++) {
      InboxItem item = items.get(chunk.get(k));
      ids[k] = item.id();
      users[k] = item.userId();
      actions[k] = item.actionId();
      options[k] = item.option();
      bodies[k] = item.text();
      created[k] = Nanos.of(item.createdAt());
      read[k] = item.read();
      seen[k] = item.seen();
      archived[k] = item.archived();
      reasons[k] = item.reason();
      links[k] = item.link();
      Instant until = item.snoozedUntil();
      snoozed[k] = until == null ? null : Nanos.of(until);
    }
    try (PreparedStatement ps = c.prepareStatement(statement)) {
      ps.setArray(1, c.createArrayOf("varchar", ids));
      ps.setArray(2, c.createArrayOf("varchar", users));
      ps.setArray(3, c.createArrayOf("varchar", actions));
      ps.setArray(4, c.createArrayOf("varchar", options));
      ps.setArray(5, c.createArrayOf("text", bodies));
      ps.setArray(6, c.createArrayOf("bigint", created));
      ps.setArray(7, c.createArrayOf("boolean", read));
      ps.setArray(8, c.createArrayOf("boolean", seen));
      ps.setArray(9, c.createArrayOf("boolean", archived));
      ps.setArray(10, c.createArrayOf("text", reasons));
      ps.setArray(11, c.createArrayOf("text", links));
      ps.setArray(12, c.createArrayOf("bigint", snoozed));
      try (ResultSet rs = ps.executeQuery()) {
        Sql.markInserted(rs, row -> key(row.getString(1), row.getString(2)), first, added);
      }
    }
  }

  /** An item's key: user and id (no id holds a NUL, the checks refuse control characters). */
  private static String key(String userId, String id) {
    return userId + '\u0000' + id;
  }

  private static void check(InboxItem item) {
    Objects.requireNonNull(item, "item cannot be null");
    Ids.check(item.id(), "item.id", Ids.DELIVERY);
    Ids.check(item.userId(), "item.userId", Ids.USER);
    Ids.check(item.actionId(), "item.actionId", Ids.USER);
    Ids.check(item.text(), "item.text", 1_000_000);
    Ids.check(item.reason(), "item.reason", 1_000_000);
    Ids.check(item.link(), "item.link", 1_000_000);
  }

  /** Inserts one item with {@link #insert}: whether it was new. */
  private static boolean insert(PreparedStatement ps, InboxItem item) throws SQLException {
    try {
      ps.setString(1, item.id());
      ps.setString(2, item.userId());
      ps.setString(3, item.actionId());
      ps.setString(4, item.option());
      ps.setString(5, item.text());
      ps.setLong(6, Nanos.of(item.createdAt()));
      ps.setBoolean(7, item.read());
      ps.setBoolean(8, item.seen());
      ps.setBoolean(9, item.archived());
      ps.setString(10, item.reason());
      ps.setString(11, item.link());
      Instant until = item.snoozedUntil();
      if (until == null) {
        ps.setNull(12, Types.BIGINT);
      } else {
        ps.setLong(12, Nanos.of(until));
      }
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      if (Dialect.duplicateKey(e)) {
        return false; // H2: another publish appended the same item meanwhile
      }
      throw e;
    }
  }

  @Override
  public List<InboxItem> page(String userId, int offset, int limit) {
    return page("read the inbox", "", InboxFilter.ALL, userId, offset, limit);
  }

  @Override
  public List<InboxItem> unreadPage(String userId, int offset, int limit) {
    return page(
        "read the unread inbox", " AND is_read = FALSE", InboxFilter.ALL, userId, offset, limit);
  }

  /** A page of the user's items that also match {@code and} and {@code filter}, newest first. */
  private List<InboxItem> page(
      String operation, String and, InboxFilter filter, String userId, int offset, int limit) {
    return page(
        operation, and, filter, " ORDER BY created_at DESC, id DESC", userId, offset, limit);
  }

  /** A page of the user's items that also match {@code and} and {@code filter}, in that order. */
  private List<InboxItem> page(
      String operation,
      String and,
      InboxFilter filter,
      String order,
      String userId,
      int offset,
      int limit) {
    Objects.requireNonNull(userId, "userId cannot be null");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000, got " + limit);
    }
    return sql.transaction(
        operation,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  COLUMNS
                      + table
                      + " WHERE user_id = ?"
                      + and
                      + where(filter)
                      + order
                      + " LIMIT ? OFFSET ?")) {
            ps.setString(1, userId);
            int i = bind(ps, 2, filter);
            ps.setInt(i, limit);
            ps.setInt(i + 1, offset);
            List<InboxItem> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(item(rs));
              }
            }
            return out;
          }
        });
  }

  /** The item of the current row of a {@link #COLUMNS} query. */
  private static InboxItem item(ResultSet rs) throws SQLException {
    long until = rs.getLong(12);
    Instant snoozedUntil = rs.wasNull() ? null : Nanos.toInstant(until);
    return new InboxItem(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        Nanos.toInstant(rs.getLong(6)),
        rs.getBoolean(7),
        rs.getBoolean(8),
        rs.getBoolean(9),
        rs.getString(10),
        rs.getString(11),
        snoozedUntil);
  }

  /** The columns of an item, in the order {@link #item} reads them. */
  private static final String COLUMNS =
      "SELECT id, user_id, action_id, option_id, body, created_at, is_read, is_seen, is_archived,"
          + " reason, link, snoozed_until FROM ";

  @Override
  public Optional<InboxItem> find(String userId, String itemId) {
    Objects.requireNonNull(userId, "userId cannot be null");
    Objects.requireNonNull(itemId, "itemId cannot be null");
    return sql.read("find an inbox item", c -> find(c, userId, itemId));
  }

  /** The user's item {@code itemId} on {@code c}, if it is there. */
  private Optional<InboxItem> find(Connection c, String userId, String itemId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(COLUMNS + table + " WHERE id = ? AND user_id = ?")) {
      ps.setString(1, itemId);
      ps.setString(2, userId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(item(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public long unreadCount(String userId) {
    Objects.requireNonNull(userId, "userId cannot be null");
    return sql.read(
        "count unread notifications",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM " + table + " WHERE user_id = ? AND is_read = FALSE")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Override
  public boolean markRead(String userId, String itemId) {
    Objects.requireNonNull(itemId, "itemId cannot be null");
    return markRead(userId, InboxFilter.ofIds(itemId)) == 1;
  }

  @Override
  public int markAllRead(String userId) {
    return markRead(userId, InboxFilter.ALL);
  }

  @Override
  public long unseenCount(String userId) {
    Objects.requireNonNull(userId, "userId cannot be null");
    return sql.transaction(
        "count unseen notifications",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM " + table + " WHERE user_id = ? AND is_seen = FALSE")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Override
  public int markSeen(String userId, InboxFilter filter) {
    return change("mark notifications seen", "is_seen = TRUE", "is_seen = FALSE", userId, filter);
  }

  @Override
  public int markRead(String userId, InboxFilter filter) {
    return change(
        "mark notifications read",
        "is_read = TRUE, is_seen = TRUE",
        "is_read = FALSE",
        userId,
        filter);
  }

  @Override
  public int archive(String userId, InboxFilter filter) {
    return change(
        "archive notifications",
        "is_archived = TRUE, is_read = TRUE, is_seen = TRUE, snoozed_until = NULL",
        "is_archived = FALSE",
        userId,
        filter);
  }

  @Override
  public int snooze(String userId, InboxFilter filter, Instant until) {
    Objects.requireNonNull(until, "until cannot be null");
    long at = Nanos.of(until);
    return change(
        "snooze notifications",
        "is_read = TRUE, is_seen = TRUE, snoozed_until = " + at,
        "is_archived = FALSE AND (snoozed_until IS NULL OR snoozed_until <> " + at + ")",
        userId,
        filter);
  }

  @Override
  public Optional<InboxItem> wake(String userId, String itemId, Instant until) {
    Objects.requireNonNull(userId, "userId cannot be null");
    Objects.requireNonNull(itemId, "itemId cannot be null");
    Objects.requireNonNull(until, "until cannot be null");
    return sql.transaction(
        "wake a snoozed notification",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET is_read = FALSE, is_seen = FALSE, snoozed_until = NULL"
                      + " WHERE id = ? AND user_id = ? AND snoozed_until = ?")) {
            ps.setString(1, itemId);
            ps.setString(2, userId);
            ps.setLong(3, Nanos.of(until));
            if (ps.executeUpdate() == 0) {
              return Optional.empty();
            }
          }
          return find(c, userId, itemId); // in the same transaction: as this call left it
        });
  }

  @Override
  public List<InboxItem> snoozedPage(String userId, int offset, int limit) {
    return page(
        "read the snoozed inbox",
        " AND snoozed_until IS NOT NULL",
        InboxFilter.ALL,
        " ORDER BY snoozed_until, id",
        userId,
        offset,
        limit);
  }

  /** Sets {@code set} on the user's items {@code filter} matches where {@code unless} holds. */
  private int change(
      String operation, String set, String unless, String userId, InboxFilter filter) {
    Objects.requireNonNull(userId, "userId cannot be null");
    Objects.requireNonNull(filter, "filter cannot be null");
    String q =
        "UPDATE " + table + " SET " + set + " WHERE user_id = ? AND " + unless + where(filter);
    return sql.transaction(
        operation,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, userId);
            bind(ps, 2, filter);
            return ps.executeUpdate();
          }
        });
  }

  /** The conditions of {@code filter}, each after an AND; {@link #bind} binds them. */
  private static String where(InboxFilter filter) {
    StringBuilder q = new StringBuilder();
    if (!filter.ids().isEmpty()) {
      q.append(" AND id IN (").append("?, ".repeat(filter.ids().size() - 1)).append("?)");
    }
    if (!filter.options().isEmpty()) {
      q.append(" AND option_id IN (")
          .append("?, ".repeat(filter.options().size() - 1))
          .append("?)");
    }
    if (filter.before() != null) {
      q.append(" AND created_at < ?");
    }
    return q.toString();
  }

  /** Binds {@link #where}'s parameters from {@code i}; answers the next parameter's index. */
  private static int bind(PreparedStatement ps, int i, InboxFilter filter) throws SQLException {
    for (String id : filter.ids()) {
      ps.setString(i++, id);
    }
    for (String o : filter.options()) {
      ps.setString(i++, o);
    }
    Instant before = filter.before();
    if (before != null) {
      ps.setLong(i++, Nanos.of(before));
    }
    return i;
  }

  @Override
  public List<InboxItem> unreadPage(String userId, InboxFilter filter, int offset, int limit) {
    Objects.requireNonNull(filter, "filter cannot be null");
    return page(
        "read a tab of the unread inbox", " AND is_read = FALSE", filter, userId, offset, limit);
  }

  @Override
  public List<InboxItem> archivedPage(String userId, int offset, int limit) {
    return page(
        "read the archived inbox",
        " AND is_archived = TRUE",
        InboxFilter.ALL,
        userId,
        offset,
        limit);
  }

  @Override
  public int deleteCreatedBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff cannot be null");
    long before = Nanos.of(cutoff);
    int total = 0;
    int n;
    do {
      n =
          sql.transaction(
              "apply the inbox retention",
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "DELETE FROM "
                            + table
                            + " /* cross-shard: retention */ WHERE (user_id, id) IN"
                            + " (SELECT user_id, id FROM "
                            + table
                            + " WHERE created_at < ? LIMIT "
                            + BATCH
                            + ")")) {
                  ps.setLong(1, before);
                  return ps.executeUpdate();
                }
              });
      total += n;
    } while (n == BATCH);
    return total;
  }
}
