package dev.notify.jdbc;

import dev.notify.Limits;
import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.engine.Reason;
import dev.notify.spi.Claim;
import dev.notify.spi.DeadLetters;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.TransportException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The outbox in one table, shared by every instance's workers. An entry's row holds the delivery's
 * text form ({@link Codec}), its state and due time, and while claimed its worker and lease end.
 *
 * <p><b>Claims:</b> on PostgreSQL one statement ({@code UPDATE … WHERE id IN (SELECT … FOR UPDATE
 * SKIP LOCKED) RETURNING …}), so concurrent workers skip each other's rows; on H2 optimistically by
 * a version column (read candidates, then take each only if its version is unchanged). Completion,
 * rescheduling and dead-lettering are guarded by the lease: a worker whose lease ran out changes
 * nothing. Thread-safe.
 */
final class JdbcOutbox implements Outbox {
  static final int WAITING = 0;
  static final int LEASED = 1;
  static final int DONE = 2;
  static final int DEAD = 3;

  private static final String CLAIMABLE =
      "((state = 0 AND due_at <= ?) OR (state = 1 AND lease_until <= ?))";
  private static final String HELD =
      "bucket = ? AND id = ? AND state = 1 AND worker = ? AND lease_until > ?";

  private final Sql sql;
  private final Dialect dialect;
  private final String table;
  private final Catalog catalog;
  private final String insert;
  private final String completion;
  private final String insertArrays;
  private final String completionArrays;
  private final @Nullable String completionRecorded;
  private final String insertRecorded;
  private final String insertRecordedOne;
  private final JdbcDeadLetters deadLetters;
  private final JdbcHistory history;
  private final String channel;
  private final boolean distributed;

  JdbcOutbox(
      Sql sql,
      Dialect dialect,
      String prefix,
      Catalog catalog,
      boolean keepHistory,
      boolean distributed) {
    this.sql = sql;
    this.dialect = dialect;
    this.distributed = distributed;
    this.table = prefix + "outbox";
    this.channel = prefix + "outbox_due"; // a prefix is lower-case letters, digits and _
    this.catalog = catalog;
    this.insert =
        dialect.insertIfAbsent(
            table,
            "bucket, id",
            "bucket",
            "id",
            "payload",
            "state",
            "due_at",
            "enqueued_at",
            "attempts",
            "version");
    this.completion =
        "UPDATE "
            + table
            + " SET state = 2, done_at = ?, payload = '', worker = NULL, lease_until = NULL WHERE "
            + HELD;
    this.insertArrays =
        "INSERT INTO "
            + table
            + " (bucket, id, payload, state, due_at, enqueued_at, attempts, version)"
            + " SELECT u.bucket, u.id, u.payload, "
            + WAITING
            + ", u.due_at, u.enqueued_at, 0, 0"
            + " FROM unnest(?::smallint[], ?::varchar[], ?::text[], ?::bigint[], ?::bigint[])"
            + " WITH ORDINALITY AS u (bucket, id, payload, due_at, enqueued_at, ord)"
            + " ORDER BY u.ord ON CONFLICT (bucket, id) DO NOTHING RETURNING id";
    // Distributed, a completion is one statement per bucket (one shard each); in one database,
    // one statement for the whole batch, the buckets bound as an array for the key's index.
    this.completionArrays =
        "UPDATE "
            + table
            + " SET state = 2, done_at = ?, payload = '', worker = NULL, lease_until = NULL WHERE "
            + (distributed ? "bucket = ?" : "bucket = ANY(?)")
            + " AND id = ANY(?) AND state = 1 AND worker = ? AND lease_until > ?"
            + (distributed ? "" : " /* cross-shard: one database, not distributed */")
            + " RETURNING id";
    this.history = new JdbcHistory(sql, dialect, prefix, keepHistory);
    this.insertRecorded = recordedAndWoken(insertArrays, history.insertFor("ins"));
    this.insertRecordedOne =
        recordedAndWoken(insert + " RETURNING id", history.insertOneFor("ins"));
    String recording = history.insertFor("done");
    // A completion and its history in one statement: no separate insert, and on its own (one
    // bucket, nothing to follow) no transaction to commit either.
    this.completionRecorded =
        recording == null
            ? null
            : "WITH done AS ("
                + completionArrays
                + "), h AS ("
                + recording
                + ") SELECT id FROM done";
    this.deadLetters = new JdbcDeadLetters(sql, table, this);
  }

  /**
   * PostgreSQL: {@code inserting} (returning the ids it inserted), the history's {@code recording}
   * of them (none when null), and — when it inserted any — a {@code pg_notify} on the channel (the
   * last parameter) in one statement; its rows are the inserted ids and, for the wake-up, a null.
   */
  private static String recordedAndWoken(String inserting, @Nullable String recording) {
    return "WITH ins AS ("
        + inserting
        + ")"
        + (recording == null ? "" : ", h AS (" + recording + ")")
        + " SELECT id FROM ins UNION ALL"
        + " SELECT NULL FROM (SELECT pg_notify(?, '') FROM ins LIMIT 1) woken";
  }

  @Override
  public boolean[] enqueue(List<OutboxEntry> entries) {
    List<String> payloads = payloads(entries);
    if (entries.isEmpty()) {
      return new boolean[0];
    }
    // H2: an id another publish inserted meanwhile fails the batch; once that publish committed,
    // the same batch finds its rows and adds the rest. In the host's transaction the host retries.
    for (int attempt = 1; ; attempt++) {
      try {
        return sql.transaction("enqueue in the outbox", c -> insert(c, entries, payloads));
      } catch (JdbcStoreException e) {
        if (attempt == 5
            || dialect.takesArrays()
            || Sql.host() != null
            || !Dialect.duplicateKey(e)) {
          throw e;
        }
      }
    }
  }

  /** Checks entries and encodes their deliveries, before any transaction. */
  private static List<String> payloads(List<OutboxEntry> entries) {
    Objects.requireNonNull(entries, "entries cannot be null");
    List<String> payloads = new ArrayList<>(entries.size());
    Map<Action, String> actions = new IdentityHashMap<>(); // a fan-out's action, encoded once
    for (OutboxEntry e : entries) {
      Objects.requireNonNull(e, "entries cannot contain null");
      Ids.check(e.id(), "entry id", Ids.DELIVERY);
      payloads.add(Codec.encode(e.delivery(), actions));
    }
    return payloads;
  }

  /**
   * Inserts entries on {@code c}, each unless its id is there, and records them in the history:
   * publish's enqueue, and what follows a completion or a dead letter in its transaction.
   */
  private boolean[] insert(Connection c, List<OutboxEntry> entries, List<String> payloads)
      throws SQLException {
    if (dialect.takesArrays()) {
      return entries.size() == 1
          ? insertOne(c, entries.get(0), payloads.get(0))
          : insertArrays(c, entries, payloads);
    }
    boolean[] added = insertBatch(c, entries, payloads);
    history.record(c, queued(entries, added));
    return added;
  }

  /**
   * On PostgreSQL, {@code wake} is told whenever an enqueue of any process commits (LISTEN/NOTIFY
   * on a connection of its own); elsewhere never (the workers poll).
   */
  @Override
  public AutoCloseable onEnqueued(Runnable wake) {
    Objects.requireNonNull(wake, "wake cannot be null");
    if (dialect != Dialect.POSTGRESQL) {
      return () -> {};
    }
    return new OutboxListener(sql, channel, wake);
  }

  private boolean[] insertBatch(Connection c, List<OutboxEntry> entries, List<String> payloads)
      throws SQLException {
    boolean[] added = new boolean[entries.size()];
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      for (int i = 0; i < entries.size(); i++) {
        OutboxEntry e = entries.get(i);
        ps.setInt(1, Keys.bucket(e.delivery().recipient().id()));
        ps.setString(2, e.id());
        ps.setString(3, payloads.get(i));
        ps.setInt(4, WAITING);
        ps.setLong(5, Nanos.of(e.notBefore()));
        ps.setLong(6, Nanos.of(e.enqueuedAt()));
        ps.setInt(7, 0);
        ps.setLong(8, 0);
        ps.addBatch();
      }
      // One round trip; each insert still sees the ones before it (an id repeated in the call is
      // added once), and reports 1 when it inserted.
      int[] counts = ps.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == Statement.SUCCESS_NO_INFO) {
          throw new SQLException("the driver did not say which entries it inserted");
        }
        added[i] = counts[i] == 1;
      }
    }
    return added;
  }

  /** As {@link #insertArrays}, for one entry: plain parameters, no arrays to encode. */
  private boolean[] insertOne(Connection c, OutboxEntry e, String payload) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertRecordedOne)) {
      ps.setInt(1, Keys.bucket(e.delivery().recipient().id()));
      ps.setString(2, e.id());
      ps.setString(3, payload);
      ps.setInt(4, WAITING);
      ps.setLong(5, Nanos.of(e.notBefore()));
      ps.setLong(6, Nanos.of(e.enqueuedAt()));
      ps.setInt(7, 0);
      ps.setLong(8, 0);
      int at = 9;
      if (history.kept()) {
        at = JdbcHistory.bindOne(ps, at, queued(List.of(e)).get(0));
      }
      ps.setString(at, channel);
      boolean[] added = new boolean[1];
      try (ResultSet rs = ps.executeQuery()) {
        Sql.markInserted(rs, row -> row.getString(1), Map.of(e.id(), 0), added);
      }
      return added;
    }
  }

  /**
   * One statement for the whole call (PostgreSQL): the first entry of each id is offered, the
   * database says which it inserted; a repeat within the call is never offered, so it is never
   * added. The same statement records what it inserted in the history and, when it inserted
   * anything, wakes the idle workers of every instance ({@code pg_notify}: delivered at commit, and
   * only then) — three round trips were one each.
   */
  private boolean[] insertArrays(Connection c, List<OutboxEntry> entries, List<String> payloads)
      throws SQLException {
    Map<String, Integer> first = new HashMap<>();
    List<Integer> offered = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      if (first.putIfAbsent(entries.get(i).id(), i) == null) {
        offered.add(i);
      }
    }
    int n = offered.size();
    Short[] buckets = new Short[n];
    String[] ids = new String[n];
    String[] bodies = new String[n];
    Long[] due = new Long[n];
    Long[] enqueued = new Long[n];
    for (int k = 0; k < n; k++) {
      OutboxEntry e = entries.get(offered.get(k));
      buckets[k] = (short) Keys.bucket(e.delivery().recipient().id());
      ids[k] = e.id();
      bodies[k] = payloads.get(offered.get(k));
      due[k] = Nanos.of(e.notBefore());
      enqueued[k] = Nanos.of(e.enqueuedAt());
    }
    boolean[] added = new boolean[entries.size()];
    try (PreparedStatement ps = c.prepareStatement(insertRecorded)) {
      ps.setArray(1, c.createArrayOf("smallint", buckets));
      ps.setArray(2, c.createArrayOf("varchar", ids));
      ps.setArray(3, c.createArrayOf("text", bodies));
      ps.setArray(4, c.createArrayOf("bigint", due));
      ps.setArray(5, c.createArrayOf("bigint", enqueued));
      int at = 6;
      if (history.kept()) {
        List<OutboxEntry> offeredEntries = new ArrayList<>(n);
        offered.forEach(i -> offeredEntries.add(entries.get(i)));
        at = JdbcHistory.bindArrays(c, ps, at, queued(offeredEntries));
      }
      ps.setString(at, channel);
      try (ResultSet rs = ps.executeQuery()) {
        Sql.markInserted(rs, row -> row.getString(1), first, added); // null: the wake-up's row
      }
    }
    return added;
  }

  /** The history's events of the entries a call added. */
  private static List<HistoryEvent> queued(List<OutboxEntry> entries, boolean[] added) {
    List<OutboxEntry> chosen = new ArrayList<>();
    for (int i = 0; i < added.length; i++) {
      if (added[i]) {
        chosen.add(entries.get(i));
      }
    }
    return queued(chosen);
  }

  /** The history's events of queuing {@code entries}. */
  private static List<HistoryEvent> queued(List<OutboxEntry> entries) {
    List<HistoryEvent> events = new ArrayList<>(entries.size());
    // The engine's reasons are shared by every recipient decided alike: explained once each.
    Map<Reason, String> explained = new IdentityHashMap<>();
    for (OutboxEntry e : entries) {
      events.add(
          JdbcHistory.event(
              e.id(),
              e.enqueuedAt(),
              HistoryEvent.Kind.QUEUED,
              e.notBefore(),
              explained.computeIfAbsent(e.delivery().reason(), Reason::explain),
              null));
    }
    return events;
  }

  /** What this outbox recorded of each entry, in the transaction of each change. */
  @Override
  public DeliveryHistory history() {
    return history.kept() ? history : DeliveryHistory.NONE;
  }

  /**
   * A claimable row; {@code version} counts the claims, this one included once it is taken (every
   * claim adds one, since the first schema): above 1, a worker claimed the entry before.
   */
  private record Row(
      String id,
      long seq,
      long due,
      long enqueued,
      int attempts,
      String payload,
      boolean deferred,
      long version) {}

  @Override
  public List<Claim> claim(String workerId, int max, Instant now, Duration lease) {
    Ids.check(workerId, "workerId", Ids.USER);
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive, got " + max);
    }
    Objects.requireNonNull(now, "now cannot be null");
    Objects.requireNonNull(lease, "lease cannot be null");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, got " + lease);
    }
    Instant until = now.plus(lease);
    long n = Nanos.of(now);
    long u = Nanos.of(until);
    Sql.Work<List<Claim>> claim =
        c -> {
          List<Row> rows =
              !dialect.claimsWithSkipLocked()
                  ? claimOptimistic(c, workerId, max, n, u)
                  : distributed
                      ? claimLocked(c, workerId, max, n, u)
                      : claimAcross(c, workerId, max, n, u);
          rows.sort(Comparator.comparingLong(Row::due).thenComparingLong(Row::seq));
          List<Claim> out = new ArrayList<>(rows.size());
          Codec.Decoder decoder = new Codec.Decoder(catalog);
          for (Row r : rows) {
            Delivery d;
            try {
              d = decoder.decode(r.payload());
            } catch (RuntimeException e) {
              // One entry this instance cannot read (written by another version, an option
              // removed from the catalog, a bad row) must not fail its batch: it becomes a dead
              // letter with the reason, and the others are delivered.
              Sql.whole(
                  c,
                  own -> {
                    unreadable(own, r.id(), r.attempts(), e, n);
                    return r;
                  });
              continue;
            }
            out.add(
                new Claim(
                    new OutboxEntry(
                        r.id(), d, Nanos.toInstant(r.due()), Nanos.toInstant(r.enqueued())),
                    workerId,
                    r.attempts(),
                    until,
                    r.deferred(),
                    r.version() > 1));
          }
          return out;
        };
    // With SKIP LOCKED, each bucket's claim is one statement, whole by itself: in auto-commit the
    // claim saves its COMMIT round trip. Should a later bucket's statement fail, what the earlier
    // ones claimed is leased to this worker and comes back when the lease runs out, as after a
    // crash. H2's optimistic claim (a read, then an update per row) keeps its transaction.
    return dialect.claimsWithSkipLocked()
        ? sql.eachStatement("claim from the outbox", claim)
        : sql.transaction("claim from the outbox", claim);
  }

  /** Makes a claimed entry that cannot be read a PERMANENT dead letter saying why. */
  private void unreadable(Connection c, String id, int attempts, RuntimeException e, long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + table
                + " SET state = 3, dead_kind = ?, dead_message = ?, dead_at = ?, attempts = ?,"
                + " worker = NULL, lease_until = NULL WHERE bucket = ? AND id = ?")) {
      ps.setString(1, TransportException.Kind.PERMANENT.name());
      ps.setString(
          2,
          Limits.error(
              "cannot be read against this catalog: "
                  + e.getMessage()
                  + " (redrive it once an instance that can read it runs)"));
      ps.setLong(3, now);
      ps.setInt(4, attempts);
      ps.setInt(5, Keys.bucketOf(id));
      ps.setString(6, id);
      if (ps.executeUpdate() == 1) {
        history.record(
            c,
            List.of(
                JdbcHistory.event(
                    id,
                    Nanos.toInstant(now),
                    HistoryEvent.Kind.DEAD_LETTER,
                    null,
                    "PERMANENT: cannot be read against this catalog",
                    null)));
      }
    }
  }

  /**
   * A claim in buckets, each one statement on one bucket (one shard when the outbox is distributed
   * by bucket): first the buckets of the oldest claimable entries (one read of at most {@code max}
   * rows of the due index, across buckets), then up to {@code max} entries from each in turn, the
   * oldest first, skipping rows other workers hold, until {@code max} are claimed.
   */
  private List<Row> claimLocked(Connection c, String worker, int max, long now, long until)
      throws SQLException {
    Set<Integer> buckets = new LinkedHashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            oldestClaimable(
                "bucket", "/* cross-shard: which buckets have claimable entries, read only */"))) {
      bindOldest(ps, now, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          buckets.add(rs.getInt(1));
        }
      }
    }
    List<Row> out = new ArrayList<>();
    if (buckets.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            // The candidates in a materialised CTE: an IN (subquery) may be rescanned as the
            // inner side of a nested loop, and each rescan skips the rows just taken and takes
            // more (seen once the key became (bucket, id): 5 claimed for a max of 3).
            // Expired leases first, then waiting entries up to the rest of the batch: each read
            // through its own partial index (an OR of the two states read every row of the bucket,
            // done ones too, and sorted them).
            "WITH l AS MATERIALIZED (SELECT id FROM "
                + table
                + " WHERE bucket = ? AND state = 1 AND lease_until <= ?"
                + " ORDER BY due_at, seq LIMIT ? FOR UPDATE SKIP LOCKED),"
                + " w AS MATERIALIZED (SELECT id FROM "
                + table
                + " WHERE bucket = ? AND state = 0 AND due_at <= ?"
                + " ORDER BY due_at, seq LIMIT (? - (SELECT count(*) FROM l))"
                + " FOR UPDATE SKIP LOCKED) UPDATE "
                + table
                + " t SET state = 1, worker = ?, lease_until = ?, version = t.version + 1"
                + " FROM (SELECT id FROM l UNION ALL SELECT id FROM w) c"
                + " WHERE t.bucket = ? AND t.id = c.id"
                + " RETURNING t.id, t.seq, t.due_at, t.enqueued_at, t.attempts, t.payload,"
                + " t.deferred, t.version")) {
      for (int bucket : buckets) {
        int want = max - out.size();
        ps.setInt(1, bucket);
        ps.setLong(2, now);
        ps.setInt(3, want);
        ps.setInt(4, bucket);
        ps.setLong(5, now);
        ps.setInt(6, want);
        ps.setString(7, worker);
        ps.setLong(8, until);
        ps.setInt(9, bucket);
        out.addAll(rows(ps));
        if (out.size() >= max) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * The claim in one database, one statement: expired leases of any bucket first, then waiting
   * entries of the bucket of the oldest waiting entry no other worker holds, the oldest first, up
   * to the rest of the batch, then the oldest waiting entries of other buckets should that bucket
   * not fill it — each read through its own partial index (see {@link #claimLocked} for why
   * materialised). The oldest entry is always taken; the rest comes from its bucket, so a batch has
   * few users (a batch across buckets held every user of the stream: placing a batch in digests,
   * one transaction per user, took 50 where it took 2) and concurrent workers, each skipping the
   * rows the others hold, start from different entries.
   */
  private List<Row> claimAcross(Connection c, String worker, int max, long now, long until)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH l AS MATERIALIZED (SELECT bucket, id FROM "
                + table
                + " /* cross-shard: one database, not distributed */"
                + " WHERE state = 1 AND lease_until <= ?"
                + " ORDER BY due_at, seq LIMIT ? FOR UPDATE SKIP LOCKED),"
                + " o AS MATERIALIZED (SELECT bucket FROM "
                + table
                + " WHERE state = 0 AND due_at <= ?"
                + " ORDER BY due_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED),"
                + " w AS MATERIALIZED (SELECT bucket, id FROM "
                + table
                + " WHERE bucket = (SELECT bucket FROM o) AND state = 0 AND due_at <= ?"
                + " ORDER BY due_at, seq LIMIT (? - (SELECT count(*) FROM l))"
                + " FOR UPDATE SKIP LOCKED),"
                // Then the oldest of the other buckets, should that bucket not fill the batch.
                + " r AS MATERIALIZED (SELECT bucket, id FROM "
                + table
                + " WHERE bucket <> (SELECT bucket FROM o) AND state = 0 AND due_at <= ?"
                + " ORDER BY due_at, seq"
                + " LIMIT (? - (SELECT count(*) FROM l) - (SELECT count(*) FROM w))"
                + " FOR UPDATE SKIP LOCKED) UPDATE "
                + table
                + " t SET state = 1, worker = ?, lease_until = ?, version = t.version + 1"
                // The outer LIMIT only tells the planner how few rows come (it cannot know the
                // inner ones'): without it, it expected thousands and read the table whole.
                + " FROM (SELECT bucket, id FROM l UNION ALL SELECT bucket, id FROM w"
                + " UNION ALL SELECT bucket, id FROM r LIMIT ?) c"
                + " WHERE t.bucket = c.bucket AND t.id = c.id"
                + " RETURNING t.id, t.seq, t.due_at, t.enqueued_at, t.attempts, t.payload,"
                + " t.deferred, t.version")) {
      ps.setLong(1, now);
      ps.setInt(2, max);
      ps.setLong(3, now);
      ps.setLong(4, now);
      ps.setInt(5, max);
      ps.setLong(6, now);
      ps.setInt(7, max);
      ps.setString(8, worker);
      ps.setLong(9, until);
      ps.setInt(10, max);
      return rows(ps);
    }
  }

  /**
   * The {@code columns} (then two more, for the order) of the {@code max} oldest claimable entries,
   * across buckets: the oldest waiting ones and the oldest expired leases, each read through its
   * own partial index, merged. One query with {@code CLAIMABLE}'s OR read the whole table — done
   * entries too — and sorted it: 10–15 ms for 20,000 rows, on every claim.
   */
  private String oldestClaimable(String columns, String comment) {
    String oldest =
        "SELECT " + columns + ", due_at AS o_due, seq AS o_seq FROM " + table + " " + comment;
    return "SELECT o.* FROM (("
        + oldest
        + " WHERE state = 0 AND due_at <= ? ORDER BY due_at, seq LIMIT ?) UNION ALL ("
        + oldest
        + " WHERE state = 1 AND lease_until <= ? ORDER BY due_at, seq LIMIT ?)) o"
        + " ORDER BY o_due, o_seq LIMIT ?";
  }

  private static void bindOldest(PreparedStatement ps, long now, int max) throws SQLException {
    ps.setLong(1, now);
    ps.setInt(2, max);
    ps.setLong(3, now);
    ps.setInt(4, max);
    ps.setInt(5, max);
  }

  private List<Row> claimOptimistic(Connection c, String worker, int max, long now, long until)
      throws SQLException {
    List<Row> candidates = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            oldestClaimable(
                "id, seq, due_at, enqueued_at, attempts, payload, deferred, version",
                "/* cross-shard: H2 only, never distributed */"))) {
      bindOldest(ps, now, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          candidates.add(row(rs));
        }
      }
    }
    List<Row> won = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + table
                + " SET state = 1, worker = ?, lease_until = ?, version = version + 1"
                + " WHERE bucket = ? AND id = ? AND version = ?")) {
      for (Row r : candidates) {
        ps.setString(1, worker);
        ps.setLong(2, until);
        ps.setInt(3, Keys.bucketOf(r.id()));
        ps.setString(4, r.id());
        ps.setLong(5, r.version());
        if (ps.executeUpdate() == 1) {
          // Another worker that read the same version lost it. The row now counts this claim too.
          won.add(
              new Row(
                  r.id(),
                  r.seq(),
                  r.due(),
                  r.enqueued(),
                  r.attempts(),
                  r.payload(),
                  r.deferred(),
                  r.version() + 1));
        }
      }
    }
    return won;
  }

  private static List<Row> rows(PreparedStatement ps) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row(rs));
      }
    }
    return out;
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(
        rs.getString(1),
        rs.getLong(2),
        rs.getLong(3),
        rs.getLong(4),
        rs.getInt(5),
        rs.getString(6),
        rs.getBoolean(7),
        rs.getLong(8));
  }

  /** The entry, or null when this instance cannot read it (a dead letter still lists it). */
  @Nullable OutboxEntry readable(String id, String payload, long due, long enqueued) {
    try {
      return new OutboxEntry(
          id,
          Codec.decodeDelivery(payload, catalog),
          Nanos.toInstant(due),
          Nanos.toInstant(enqueued));
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public Set<String> extend(String workerId, Collection<String> ids, Instant until, Instant now) {
    Objects.requireNonNull(workerId, "workerId cannot be null");
    Objects.requireNonNull(ids, "ids cannot be null");
    Objects.requireNonNull(until, "until cannot be null");
    Objects.requireNonNull(now, "now cannot be null");
    long u = Nanos.of(until);
    long n = Nanos.of(now);
    return sql.transaction(
        "extend leases",
        c -> {
          Set<String> held = new HashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET lease_until = GREATEST(lease_until, ?) WHERE "
                      + HELD)) {
            for (String id : ids) {
              ps.setLong(1, u);
              held(ps, 2, id, workerId, n);
              if (ps.executeUpdate() == 1) {
                held.add(id);
              }
            }
          }
          return held;
        });
  }

  @Override
  public Set<String> completeAll(String workerId, Collection<String> ids, Instant now) {
    Objects.requireNonNull(ids, "ids cannot be null");
    List<Completion> sent = new ArrayList<>(ids.size());
    for (String id : ids) {
      sent.add(
          new Completion(
              Objects.requireNonNull(id, "ids cannot contain null"), HistoryEvent.Kind.SENT, ""));
    }
    return complete(workerId, sent, now);
  }

  @Override
  public Set<String> complete(String workerId, List<Completion> completions, Instant now) {
    Objects.requireNonNull(workerId, "workerId cannot be null");
    Objects.requireNonNull(completions, "completions cannot be null");
    long n = Nanos.of(Objects.requireNonNull(now, "now cannot be null"));
    Map<String, Completion> byId = new LinkedHashMap<>();
    for (Completion c : completions) {
      byId.putIfAbsent(Objects.requireNonNull(c, "completions cannot contain null").id(), c);
    }
    List<String> distinct = new ArrayList<>(byId.keySet());
    if (distinct.isEmpty()) {
      return Set.of();
    }
    if (dialect.takesArrays()) {
      // Distributed: one statement per bucket (one shard each). In one database: one statement for
      // the batch, its buckets bound as an array for the key's index.
      Map<Integer, List<String>> byBucket = byBucket(distinct);
      List<Group> groups = new ArrayList<>();
      if (distributed) {
        byBucket.forEach((bucket, ids) -> groups.add(new Group(bucket, ids)));
      } else {
        groups.add(new Group(byBucket.keySet().toArray(), distinct));
      }
      String recorded = completionRecorded;
      Sql.Work<Set<String>> work =
          c -> {
            Set<String> completed = new LinkedHashSet<>();
            try (PreparedStatement ps =
                c.prepareStatement(recorded == null ? completionArrays : recorded)) {
              for (Group g : groups) {
                ps.setLong(1, n);
                if (g.buckets() instanceof Integer bucket) {
                  ps.setInt(2, bucket);
                } else {
                  ps.setArray(2, c.createArrayOf("smallint", (Object[]) g.buckets()));
                }
                ps.setArray(3, c.createArrayOf("varchar", g.ids().toArray()));
                ps.setString(4, workerId);
                ps.setLong(5, n);
                if (recorded != null) {
                  JdbcHistory.bindArrays(c, ps, 6, events(g.ids(), byId, workerId, now));
                }
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    completed.add(rs.getString(1));
                  }
                }
              }
            }
            if (recorded == null) {
              history.record(c, events(completed, byId, workerId, now));
            }
            follow(c, completed, byId);
            return completed;
          };
      boolean alone =
          recorded != null
              && groups.size() == 1
              && byId.values().stream().allMatch(done -> done.then().isEmpty());
      return alone
          ? sql.eachStatement("complete outbox entries", work)
          : sql.transaction("complete outbox entries", work);
    }
    return sql.transaction(
        "complete outbox entries",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(completion)) {
            for (String id : distinct) {
              ps.setLong(1, n);
              held(ps, 2, id, workerId, n);
              ps.addBatch();
            }
            // One round trip for the batch; each row reports whether its lease was still held.
            int[] counts = ps.executeBatch();
            Set<String> completed = new LinkedHashSet<>();
            for (int i = 0; i < counts.length; i++) {
              if (counts[i] == Statement.SUCCESS_NO_INFO) {
                throw new SQLException("the driver did not say which entries it completed");
              }
              if (counts[i] == 1) {
                completed.add(distinct.get(i));
              }
            }
            history.record(c, events(completed, byId, workerId, now));
            follow(c, completed, byId);
            return completed;
          }
        });
  }

  /**
   * The ids of one completion statement and the bucket it names: one bucket (an {@code Integer}),
   * or in one database every bucket of the batch (an array).
   */
  private record Group(Object buckets, List<String> ids) {}

  /** {@code ids} by outbox bucket, in their order. */
  private static Map<Integer, List<String>> byBucket(List<String> ids) {
    Map<Integer, List<String>> byBucket = new LinkedHashMap<>();
    String lastUser = null;
    int bucket = 0;
    for (String id : ids) {
      // A user's entries come together (claimed in due order): one hash per run of them.
      String user = Keys.userOf(id);
      if (!user.equals(lastUser)) {
        bucket = Keys.bucket(user);
        lastUser = user;
      }
      byBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(id);
    }
    return byBucket;
  }

  /** Enqueues on {@code c} what follows the completions that stuck. */
  private void follow(Connection c, Set<String> completed, Map<String, Completion> byId)
      throws SQLException {
    List<OutboxEntry> then = new ArrayList<>();
    for (String id : completed) {
      then.addAll(Objects.requireNonNull(byId.get(id), id).then());
    }
    if (!then.isEmpty()) {
      insert(c, then, payloads(then));
    }
  }

  /** The history's events of the completions of {@code completed}. */
  private static List<HistoryEvent> events(
      Collection<String> completed, Map<String, Completion> byId, String workerId, Instant now) {
    List<HistoryEvent> events = new ArrayList<>(completed.size());
    for (String id : completed) {
      Completion c = Objects.requireNonNull(byId.get(id), id);
      events.add(JdbcHistory.event(id, now, c.kind(), null, c.detail(), workerId));
    }
    return events;
  }

  @Override
  public boolean reschedule(String workerId, String id, Instant next, String error, Instant now) {
    Objects.requireNonNull(workerId, "workerId cannot be null");
    Objects.requireNonNull(id, "id cannot be null");
    Objects.requireNonNull(next, "next cannot be null");
    Objects.requireNonNull(error, "error cannot be null");
    long n = Nanos.of(Objects.requireNonNull(now, "now cannot be null"));
    return unleash(
        "reschedule an outbox entry",
        JdbcHistory.event(id, now, HistoryEvent.Kind.ATTEMPT_FAILED, next, error, workerId),
        "state = 0, attempts = attempts + 1, due_at = ?, last_error = ?",
        ps -> {
          ps.setLong(1, Nanos.of(next));
          ps.setString(2, error); // the workers cut it to Limits.ERROR
          return 3;
        },
        workerId,
        id,
        n);
  }

  @Override
  public boolean deadLetter(
      String workerId,
      String id,
      TransportException.Kind kind,
      String message,
      int attempts,
      Instant now) {
    return deadLetter(workerId, id, kind, message, attempts, now, List.of());
  }

  @Override
  public boolean deadLetter(
      String workerId,
      String id,
      TransportException.Kind kind,
      String message,
      int attempts,
      Instant now,
      List<OutboxEntry> then) {
    Objects.requireNonNull(workerId, "workerId cannot be null");
    Objects.requireNonNull(id, "id cannot be null");
    Objects.requireNonNull(kind, "kind cannot be null");
    Objects.requireNonNull(message, "message cannot be null");
    long n = Nanos.of(Objects.requireNonNull(now, "now cannot be null"));
    List<String> payloads = payloads(then);
    return unleash(
        "make an outbox entry a dead letter",
        JdbcHistory.event(
            id, now, HistoryEvent.Kind.DEAD_LETTER, null, kind + ": " + message, workerId),
        "state = 3, attempts = ?, dead_kind = ?, dead_message = ?, dead_at = ?",
        ps -> {
          ps.setInt(1, attempts);
          ps.setString(2, kind.name());
          ps.setString(3, message);
          ps.setLong(4, n);
          return 5;
        },
        workerId,
        id,
        n,
        c -> insert(c, then, payloads));
  }

  @Override
  public boolean defer(String workerId, String id, Instant notBefore, Instant now) {
    Objects.requireNonNull(workerId, "workerId cannot be null");
    Objects.requireNonNull(id, "id cannot be null");
    Objects.requireNonNull(notBefore, "notBefore cannot be null");
    long n = Nanos.of(Objects.requireNonNull(now, "now cannot be null"));
    return unleash(
        "defer an outbox entry",
        JdbcHistory.event(id, now, HistoryEvent.Kind.DEFERRED, notBefore, "", workerId),
        "state = 0, deferred = TRUE, due_at = ?",
        ps -> {
          ps.setLong(1, Nanos.of(notBefore));
          return 2;
        },
        workerId,
        id,
        n);
  }

  @Override
  public int hasten(Collection<String> ids, Instant due) {
    Objects.requireNonNull(ids, "ids cannot be null");
    long d = Nanos.of(Objects.requireNonNull(due, "due cannot be null"));
    if (ids.isEmpty()) {
      return 0;
    }
    return sql.transaction(
        "hasten outbox entries",
        c -> {
          int count = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET due_at = ? WHERE bucket = ? AND id = ? AND state = "
                      + WAITING
                      + " AND due_at > ?")) {
            for (String id : ids) {
              ps.setLong(1, d);
              ps.setInt(2, Keys.bucketOf(id));
              ps.setString(3, id);
              ps.setLong(4, d);
              ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
              count += n == Statement.SUCCESS_NO_INFO ? 0 : n;
            }
          }
          return count;
        });
  }

  @Override
  public int release(String workerId, Collection<String> ids, Instant now) {
    Objects.requireNonNull(workerId, "workerId cannot be null");
    Objects.requireNonNull(ids, "ids cannot be null");
    long n = Nanos.of(Objects.requireNonNull(now, "now cannot be null"));
    return sql.transaction(
        "release outbox entries",
        c -> {
          int count = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET state = 0, worker = NULL, lease_until = NULL WHERE "
                      + HELD)) {
            for (String id : ids) {
              held(ps, 1, id, workerId, n);
              count += ps.executeUpdate();
            }
          }
          return count;
        });
  }

  /** The columns of a count: scheduled, due, leased, done, dead, the oldest due (6 parameters). */
  private static final String COUNTS =
      " SUM(CASE WHEN state = 0 AND due_at > ? THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN "
          + CLAIMABLE
          + " THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN state = 1 AND lease_until > ? THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN state = 3 THEN 1 ELSE 0 END),"
          + " MIN(CASE WHEN "
          + CLAIMABLE
          + " THEN due_at END)";

  /** The medium of an entry: its id's last part. */
  private static final String MEDIUM = "REGEXP_REPLACE(id, '^.*/', '')";

  @Override
  public OutboxCounts counts(Instant now) {
    long n = Nanos.of(Objects.requireNonNull(now, "now cannot be null"));
    return sql.transaction(
        "count the outbox",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT"
                      + COUNTS
                      + " FROM "
                      + table
                      + " /* cross-shard: counts for dashboards */")) {
            for (int i = 1; i <= 6; i++) {
              ps.setLong(i, n);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return counts(rs, 1, n);
            }
          }
        });
  }

  @Override
  public SortedMap<String, OutboxCounts> countsByMedium(Instant now) {
    long n = Nanos.of(Objects.requireNonNull(now, "now cannot be null"));
    return sql.transaction(
        "count the outbox by medium",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + MEDIUM
                      + ","
                      + COUNTS
                      + " FROM "
                      + table
                      + " /* cross-shard: counts for dashboards */ GROUP BY "
                      + MEDIUM)) {
            for (int i = 1; i <= 6; i++) {
              ps.setLong(i, n);
            }
            SortedMap<String, OutboxCounts> out = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), counts(rs, 2, n));
              }
            }
            return Collections.unmodifiableSortedMap(out);
          }
        });
  }

  /** The counts read from {@link #COUNTS}'s columns, from column {@code at}. */
  private static OutboxCounts counts(ResultSet rs, int at, long now) throws SQLException {
    long oldest = rs.getLong(at + 5);
    boolean any = !rs.wasNull();
    return new OutboxCounts(
        rs.getLong(at),
        rs.getLong(at + 1),
        rs.getLong(at + 2),
        rs.getLong(at + 3),
        rs.getLong(at + 4),
        any ? Duration.ofNanos(now - oldest) : null);
  }

  @Override
  public int purgeDone(Instant before, int limit) {
    long b = Nanos.of(Objects.requireNonNull(before, "before cannot be null"));
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    return sql.transaction(
        "purge completed outbox entries",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + table
                      + " /* cross-shard: retention */ WHERE (bucket, id) IN (SELECT bucket, id FROM "
                      + table
                      + " WHERE state = "
                      + DONE
                      + " AND done_at < ? ORDER BY done_at LIMIT ?)")) {
            ps.setLong(1, b);
            ps.setInt(2, limit);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Binds the values of a statement's {@code SET} and says the index of the next parameter. */
  private interface Values {
    int bind(PreparedStatement ps) throws SQLException;
  }

  /**
   * Sets {@code set} on an entry {@code workerId} holds at {@code now} and ends its lease: the one
   * shape of rescheduling, dead-lettering and deferring; {@code false} when the lease was lost.
   */
  private boolean unleash(
      String operation,
      HistoryEvent event,
      String set,
      Values values,
      String workerId,
      String id,
      long now) {
    return unleash(operation, event, set, values, workerId, id, now, c -> {});
  }

  /** Like the other, and runs {@code then} in the same transaction when the entry was held. */
  private boolean unleash(
      String operation,
      HistoryEvent event,
      String set,
      Values values,
      String workerId,
      String id,
      long now,
      After then) {
    return update(
        operation,
        event,
        "UPDATE " + table + " SET " + set + ", worker = NULL, lease_until = NULL WHERE " + HELD,
        ps -> held(ps, values.bind(ps), id, workerId, now),
        then);
  }

  /** More work in an update's transaction, once its row changed. */
  @FunctionalInterface
  interface After {
    void run(Connection c) throws SQLException;
  }

  /** Binds {@link #HELD} from parameter {@code at}: the entry {@code id} held by the worker. */
  private static void held(PreparedStatement ps, int at, String id, String workerId, long now)
      throws SQLException {
    ps.setInt(at, Keys.bucketOf(id));
    ps.setString(at + 1, id);
    ps.setString(at + 2, workerId);
    ps.setLong(at + 3, now);
  }

  /** Runs {@code statement}; when it changed its one row, records {@code event} with it. */
  boolean update(String operation, HistoryEvent event, String statement, Binder binder) {
    return update(operation, event, statement, binder, c -> {});
  }

  private boolean update(
      String operation, HistoryEvent event, String statement, Binder binder, After then) {
    return sql.transaction(
        operation,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            binder.bind(ps);
            if (ps.executeUpdate() != 1) {
              return false;
            }
          }
          history.record(c, List.of(event));
          then.run(c);
          return true;
        });
  }

  /** Records {@code events} on {@code c}, for the dead letters' changes. */
  void record(Connection c, List<HistoryEvent> events) throws SQLException {
    history.record(c, events);
  }
}
