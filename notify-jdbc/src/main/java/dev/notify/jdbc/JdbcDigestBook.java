package dev.notify.jdbc;

import dev.notify.catalog.Catalog;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.DigestWindow;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.ThrottleWindow;
import dev.notify.timeline.TimelinePolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The digest book in four tables shared by every instance: a head row per user and medium, locked
 * while one of their deliveries is placed (so windows never overlap), holding their throttle
 * window; a row per window, locked by placing and sealing alike (so nothing joins a window being
 * sent); a row per placed delivery with its text form, so a handed-over delivery survives any
 * process; a row per delivery a throttle let through alone, so it is never counted twice.
 * Thread-safe.
 */
final class JdbcDigestBook implements DigestBook {
  private final Sql sql;
  private final Catalog catalog;
  private final String heads;
  private final String digests;
  private final String items;
  private final String passes;
  private final String insertHead;

  JdbcDigestBook(Sql sql, Dialect dialect, String prefix, Catalog catalog) {
    this.sql = sql;
    this.catalog = catalog;
    this.heads = prefix + "digest_heads";
    this.digests = prefix + "digests";
    this.items = prefix + "digest_items";
    this.passes = prefix + "throttle_passes";
    this.insertHead = dialect.insertIfAbsent(heads, "user_id, head_key", "user_id", "head_key");
  }

  /** A window as its row says, changed in memory while a call places deliveries in it. */
  private static final class Window {
    DigestWindow state;
    final boolean created;
    boolean changed;

    Window(DigestWindow state, boolean created) {
      this.state = state;
      this.created = created;
    }

    DigestPlacement placement(boolean opener) {
      if (opener) {
        return DigestPlacement.opener(state.id());
      }
      return DigestPlacement.member(
          state.id(), Objects.requireNonNull(state.sender()), state.sendFrom());
    }
  }

  /** Where a delivery was placed: its window and whether it opened it alone; none: passed alone. */
  private record Placed(@Nullable String digestId, boolean opener) {}

  /** A head row: the open digest, and the throttle window with whether this call changed it. */
  private static final class Head {
    @Nullable String open;
    @Nullable ThrottleWindow throttle;
    boolean throttleChanged;

    Head(@Nullable String open, @Nullable ThrottleWindow throttle) {
      this.open = open;
      this.throttle = throttle;
    }
  }

  /** A delivery a throttle let through alone: a row of the passes table. */
  private record Pass(String deliveryId, Instant due) {}

  /** A placement to write: a row of the items table. */
  private record Item(
      String deliveryId, String digestId, int position, boolean opener, String payload) {}

  @Override
  public DigestPlacement place(Request request) {
    return placeAll(List.of(Objects.requireNonNull(request, "request cannot be null"))).get(0);
  }

  /**
   * One transaction per user and medium (requests without digest or throttle together, without
   * locks): the head is locked, then its open window; the placements are worked out in memory, then
   * written in a few batches. Windows are per user and medium, so the order across groups changes
   * nothing.
   */
  @Override
  public List<DigestPlacement> placeAll(List<Request> requests) {
    Objects.requireNonNull(requests, "requests cannot be null");
    for (Request r : requests) {
      Objects.requireNonNull(r, "requests cannot contain null");
      Ids.check(r.delivery().id(), "delivery id", Ids.DELIVERY);
      Ids.check(r.delivery().recipient().id(), "userId", Ids.USER);
    }
    // One transaction per user and medium: it holds one head's lock, briefly, so workers placing
    // other users' email meanwhile do not wait (one transaction for a whole batch held every
    // user's lock and made the workers take turns: 5.5 s instead of 2.0 s for 20,000 entries).
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      String key = locks(r) ? key(r.delivery()) : "";
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    DigestPlacement[] out = new DigestPlacement[requests.size()];
    for (List<Integer> group : groups.values()) {
      List<Request> mine = new ArrayList<>(group.size());
      group.forEach(i -> mine.add(requests.get(i)));
      // Requests without digest or throttle only read where they were placed before (a worker
      // whose lease ran out may have placed them): no lock, no write, no transaction to commit
      // (one statement; a second only to read the windows of earlier placements, which are only
      // ever added to or sealed, never undone).
      List<DigestPlacement> placed =
          !locks(mine.get(0)) // the group of requests without locks ("" above)
              ? sql.read("place deliveries in digests", c -> placeAll(c, mine))
              : sql.transaction("place deliveries in digests", c -> placeAll(c, mine));
      for (int k = 0; k < group.size(); k++) {
        out[group.get(k)] = placed.get(k);
      }
    }
    return List.of(out);
  }

  /** Whether placing {@code r} needs its head: it has a digest or a throttle. */
  private static boolean locks(Request r) {
    return r.policy() != null || r.throttle() != null;
  }

  private List<DigestPlacement> placeAll(Connection c, List<Request> requests) throws SQLException {
    TreeMap<String, @Nullable Head> heads = new TreeMap<>(); // head key -> its row
    for (Request r : requests) {
      if (locks(r)) {
        heads.put(key(r.delivery()), null);
      }
    }
    for (String key : heads.keySet()) {
      heads.put(key, lockHead(c, key));
    }
    // Read after the locks: a placement by a worker whose lease ran out is seen.
    Set<String> ids = new LinkedHashSet<>();
    requests.forEach(r -> ids.add(r.delivery().id()));
    Map<String, Placed> placed = placed(c, ids);
    Map<String, Window> windows = new HashMap<>();
    Set<String> openIds = new TreeSet<>();
    for (Head h : heads.values()) {
      if (h != null && h.open != null) {
        openIds.add(h.open);
      }
      if (h != null && h.throttle != null && h.throttle.gathered() != null) {
        openIds.add(h.throttle.gathered());
      }
    }
    windows(c, openIds, true, windows);
    Set<String> earlier = new TreeSet<>();
    placed.values().stream().map(Placed::digestId).filter(Objects::nonNull).forEach(earlier::add);
    earlier.removeAll(windows.keySet());
    windows(c, earlier, false, windows);

    List<DigestPlacement> out = new ArrayList<>(requests.size());
    List<Item> items = new ArrayList<>();
    List<Pass> passed = new ArrayList<>();
    Map<String, String> newOpen = new HashMap<>();
    for (Request r : requests) {
      String id = r.delivery().id();
      Placed before = placed.get(id);
      if (before != null) {
        String digestId = before.digestId();
        if (digestId == null) {
          out.add(DigestPlacement.NONE);
          continue;
        }
        Window w = windows.get(digestId);
        if (w == null) {
          throw new SQLException("digest " + digestId + " of " + id + " is missing");
        }
        out.add(w.placement(before.opener()));
        continue;
      }
      if (!locks(r)) {
        out.add(DigestPlacement.NONE);
        continue;
      }
      String key = key(r.delivery());
      Head head = Objects.requireNonNull(heads.get(key), key);
      Throttle throttle = r.throttle();
      if (throttle != null) {
        ThrottleWindow.Counted counted = TimelinePolicy.count(head.throttle, r.due(), throttle);
        if (!counted.passes()) {
          out.add(gather(r, head, counted.window(), windows, items, placed));
          continue;
        }
        head.throttle = counted.window();
        head.throttleChanged = true;
      }
      DigestPolicy policy = r.policy();
      if (policy == null) {
        passed.add(new Pass(id, r.due())); // counted: never counted again
        placed.put(id, new Placed(null, false));
        out.add(DigestPlacement.NONE);
        continue;
      }
      String openId = head.open;
      Window w = openId == null ? null : windows.get(openId);
      DigestWindow.Placed p =
          TimelinePolicy.place(w == null ? null : w.state, id, Digest.idOf(id), r.due(), policy);
      if (p.opened()) {
        w = new Window(p.window(), true);
        windows.put(p.window().id(), w);
        head.open = p.window().id();
        newOpen.put(key, p.window().id());
      } else if (w == null) {
        throw new IllegalStateException("the policy joined a window that is not open");
      } else {
        w.state = p.window();
        w.changed = true;
      }
      items.add(
          new Item(
              id,
              p.window().id(),
              p.position(),
              p.opener(),
              p.opener() ? "" : Codec.encode(r.delivery())));
      placed.put(id, new Placed(p.window().id(), p.opener()));
      out.add(w.placement(p.opener()));
    }
    write(c, windows.values(), items, newOpen);
    writeThrottles(c, heads, passed);
    return out;
  }

  /** A delivery the throttle window {@code full} held back joins that window's digest. */
  private static DigestPlacement gather(
      Request r,
      Head head,
      ThrottleWindow full,
      Map<String, Window> windows,
      List<Item> items,
      Map<String, Placed> placed) {
    String id = r.delivery().id();
    String gatheredId = full.gathered();
    Window g = gatheredId == null ? null : windows.get(gatheredId);
    DigestWindow.Placed p =
        TimelinePolicy.gather(g == null ? null : g.state, id, Digest.throttleIdOf(id), full);
    if (p.opened()) {
      g = new Window(p.window(), true);
      windows.put(p.window().id(), g);
      head.throttle = full.gatheringIn(p.window().id());
      head.throttleChanged = true;
    } else if (g == null) {
      throw new IllegalStateException("the policy joined a digest that does not exist");
    } else {
      g.state = p.window();
      g.changed = true;
    }
    items.add(new Item(id, p.window().id(), p.position(), false, Codec.encode(r.delivery())));
    placed.put(id, new Placed(p.window().id(), false));
    return g.placement(false);
  }

  /** Writes the throttle windows this call changed and the deliveries they let through alone. */
  private void writeThrottles(Connection c, Map<String, @Nullable Head> heads, List<Pass> passed)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + this.heads
                + " SET throttle_opens = ?, throttle_closes = ?, throttle_max = ?,"
                + " throttle_passed = ?, throttle_digest = ? WHERE user_id = ? AND head_key = ?")) {
      int n = 0;
      for (Map.Entry<String, @Nullable Head> e : heads.entrySet()) {
        Head h = e.getValue();
        ThrottleWindow t = h == null ? null : h.throttle;
        if (h == null || t == null || !h.throttleChanged) {
          continue;
        }
        ps.setLong(1, Nanos.of(t.opens()));
        ps.setLong(2, Nanos.of(t.closes()));
        ps.setInt(3, t.max());
        ps.setInt(4, t.passed());
        ps.setString(5, t.gathered());
        ps.setString(6, userOfHead(e.getKey()));
        ps.setString(7, e.getKey());
        ps.addBatch();
        n++;
      }
      if (n > 0) {
        ps.executeBatch();
      }
    }
    if (!passed.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO " + passes + " (user_id, delivery_id, due_at) VALUES (?, ?, ?)")) {
        for (Pass p : passed) {
          ps.setString(1, Keys.userOf(p.deliveryId()));
          ps.setString(2, p.deliveryId());
          ps.setLong(3, Nanos.of(p.due()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  /** The head of a user's digests of a medium: unique without escaping (the id's length first). */
  private static String key(Delivery d) {
    String user = d.recipient().id();
    return user.length() + ":" + user + "/" + d.medium().id();
  }

  /** The user of a head {@link #key}. */
  private static String userOfHead(String key) {
    int colon = key.indexOf(':');
    return key.substring(colon + 1, colon + 1 + Integer.parseInt(key, 0, colon, 10));
  }

  /** Writes what a call placed: new and changed windows, the items, the heads' open windows. */
  private void write(
      Connection c, Collection<Window> windows, List<Item> items, Map<String, String> newOpen)
      throws SQLException {
    try (PreparedStatement ins =
            c.prepareStatement(
                "INSERT INTO "
                    + digests
                    + " (user_id, id, closes_at, max_items, items, sender, filled_at, sealed, sent)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, FALSE)");
        PreparedStatement upd =
            c.prepareStatement(
                "UPDATE "
                    + digests
                    + " SET items = ?, sender = ?, filled_at = ? WHERE user_id = ? AND id = ?")) {
      int inserts = 0;
      int updates = 0;
      for (Window window : windows) {
        DigestWindow w = window.state;
        Long filled = w.filledAt() == null ? null : Nanos.of(w.filledAt());
        if (window.created) {
          ins.setString(1, Keys.userOfDigest(w.id()));
          ins.setString(2, w.id());
          ins.setLong(3, Nanos.of(w.closes()));
          ins.setInt(4, w.max());
          ins.setInt(5, w.members());
          ins.setString(6, w.sender());
          setLongOrNull(ins, 7, filled);
          ins.addBatch();
          inserts++;
        } else if (window.changed) {
          upd.setInt(1, w.members());
          upd.setString(2, w.sender());
          setLongOrNull(upd, 3, filled);
          upd.setString(4, Keys.userOfDigest(w.id()));
          upd.setString(5, w.id());
          upd.addBatch();
          updates++;
        }
      }
      if (inserts > 0) {
        ins.executeBatch();
      }
      if (updates > 0) {
        upd.executeBatch();
      }
    }
    if (!items.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + this.items
                  + " (user_id, delivery_id, digest_id, position, opener, payload)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        for (Item i : items) {
          ps.setString(1, Keys.userOf(i.deliveryId()));
          ps.setString(2, i.deliveryId());
          ps.setString(3, i.digestId());
          ps.setInt(4, i.position());
          ps.setBoolean(5, i.opener());
          ps.setString(6, i.payload());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    if (!newOpen.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE " + heads + " SET open_digest = ? WHERE user_id = ? AND head_key = ?")) {
        for (Map.Entry<String, String> e : newOpen.entrySet()) {
          ps.setString(1, e.getValue());
          ps.setString(2, userOfHead(e.getKey()));
          ps.setString(3, e.getKey());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  private static void setLongOrNull(PreparedStatement ps, int index, @Nullable Long value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  /**
   * Locks the head of {@code key}, made on first use, and gives its open window and throttle
   * window: placements of one user and medium wait for each other here.
   */
  private Head lockHead(Connection c, String key) throws SQLException {
    for (int pass = 0; pass < 2; pass++) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT open_digest, throttle_opens, throttle_closes, throttle_max,"
                  + " throttle_passed, throttle_digest FROM "
                  + heads
                  + " WHERE user_id = ? AND head_key = ? FOR UPDATE")) {
        ps.setString(1, userOfHead(key));
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            long opens = rs.getLong(2);
            ThrottleWindow t =
                rs.wasNull()
                    ? null
                    : new ThrottleWindow(
                        Nanos.toInstant(opens),
                        Nanos.toInstant(rs.getLong(3)),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getString(6));
            return new Head(rs.getString(1), t);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(insertHead)) {
        ps.setString(1, userOfHead(key));
        ps.setString(2, key);
        ps.executeUpdate();
      } catch (SQLException e) {
        // H2's MERGE reports a head another placement inserted meanwhile as a key violation
        // (this statement alone is undone): the head is there either way.
        if (!Dialect.duplicateKey(e)) {
          throw e;
        }
      }
    }
    throw new SQLException("the digest head of " + key + " vanished");
  }

  /**
   * Where each of {@code ids} was placed, for those placed: in a digest (its item) or passed by a
   * throttle (its pass; an item wins should both exist) — one statement per chunk for both tables.
   */
  private Map<String, Placed> placed(Connection c, Collection<String> ids) throws SQLException {
    Map<String, Placed> out = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT delivery_id, digest_id, opener, 0 FROM "
                  + items
                  + " WHERE user_id = ANY(?) AND delivery_id IN ("
                  + marks(chunk.size())
                  + ") UNION ALL SELECT delivery_id, CAST(NULL AS VARCHAR(2100)), FALSE, 1 FROM "
                  + passes
                  + " WHERE user_id = ANY(?) AND delivery_id IN ("
                  + marks(chunk.size())
                  + ")")) {
        bindUsers(c, ps, 1, chunk, Keys::userOf);
        bindUsers(c, ps, chunk.size() + 2, chunk, Keys::userOf);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Placed p = new Placed(rs.getString(2), rs.getBoolean(3));
            if (rs.getInt(4) == 0) {
              out.put(rs.getString(1), p);
            } else {
              out.putIfAbsent(rs.getString(1), p);
            }
          }
        }
      }
    }
    return out;
  }

  /** Reads the windows {@code ids} into {@code into}, locking them when {@code lock}. */
  private void windows(Connection c, Collection<String> ids, boolean lock, Map<String, Window> into)
      throws SQLException {
    for (List<String> chunk : chunks(ids)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, closes_at, max_items, items, sender, filled_at, sealed FROM "
                  + digests
                  + " WHERE user_id = ANY(?) AND id IN ("
                  + marks(chunk.size())
                  + ")"
                  + (lock ? " FOR UPDATE" : ""))) {
        bindUsers(c, ps, chunk, Keys::userOfDigest);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Window w = window(rs);
            into.put(w.state.id(), w);
          }
        }
      }
    }
  }

  private static Window window(ResultSet rs) throws SQLException {
    long filled = rs.getLong(6);
    Long f = rs.wasNull() ? null : filled;
    return new Window(
        new DigestWindow(
            rs.getString(1),
            Nanos.toInstant(rs.getLong(2)),
            rs.getInt(3),
            rs.getInt(4),
            rs.getString(5),
            f == null ? null : Nanos.toInstant(f),
            rs.getBoolean(7)),
        false);
  }

  /**
   * Binds the users of {@code ids} (parameter 1, an array: the statement is routed to their rows'
   * shards) and the ids after them.
   */
  private static void bindUsers(
      Connection c, PreparedStatement ps, List<String> ids, Function<String, String> userOf)
      throws SQLException {
    bindUsers(c, ps, 1, ids, userOf);
  }

  /** As {@link #bindUsers(Connection, PreparedStatement, List, Function)}, from parameter at. */
  private static void bindUsers(
      Connection c, PreparedStatement ps, int at, List<String> ids, Function<String, String> userOf)
      throws SQLException {
    Set<String> users = new LinkedHashSet<>();
    for (String id : ids) {
      users.add(userOf.apply(id));
    }
    ps.setArray(at, c.createArrayOf("VARCHAR", users.toArray()));
    for (int i = 0; i < ids.size(); i++) {
      ps.setString(at + 1 + i, ids.get(i));
    }
  }

  private static List<List<String>> chunks(Collection<String> ids) {
    List<String> all = new ArrayList<>(ids);
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 500) {
      out.add(all.subList(i, Math.min(all.size(), i + 500)));
    }
    return out;
  }

  private static String marks(int n) {
    return "?" + ", ?".repeat(n - 1);
  }

  @Override
  public Optional<Digest> seal(String digestId, String senderId) {
    Objects.requireNonNull(digestId, "digestId cannot be null");
    Objects.requireNonNull(senderId, "senderId cannot be null");
    return sql.transaction(
        "seal a digest",
        c -> {
          Map<String, Window> found = new HashMap<>();
          windows(c, List.of(digestId), true, found);
          Window w = found.get(digestId);
          if (w == null || !senderId.equals(w.state.sender())) {
            return Optional.<Digest>empty();
          }
          if (!w.state.sealed()) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE " + digests + " SET sealed = TRUE WHERE user_id = ? AND id = ?")) {
              ps.setString(1, Keys.userOfDigest(digestId));
              ps.setString(2, digestId);
              ps.executeUpdate();
            }
          }
          List<Delivery> members = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT delivery_id, payload FROM "
                      + items
                      + " WHERE user_id = ? AND digest_id = ? AND opener = FALSE ORDER BY position")) {
            ps.setString(1, Keys.userOfDigest(digestId));
            ps.setString(2, digestId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                members.add(decode(rs.getString(1), rs.getString(2)));
              }
            }
          }
          return Optional.of(new Digest(digestId, members));
        });
  }

  private Delivery decode(String id, String payload) {
    try {
      return Codec.decodeDelivery(payload, catalog);
    } catch (RuntimeException e) {
      throw new JdbcStoreException(
          "digest item \"" + id + "\" cannot be read against this catalog: " + e.getMessage());
    }
  }

  @Override
  public void markSent(String digestId) {
    Objects.requireNonNull(digestId, "digestId cannot be null");
    sql.transaction(
        "mark a digest sent",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE " + digests + " SET sent = TRUE WHERE user_id = ? AND id = ?")) {
            ps.setString(1, Keys.userOfDigest(digestId));
            ps.setString(2, digestId);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public int forget(Instant before) {
    long b = Nanos.of(Objects.requireNonNull(before, "before cannot be null"));
    return sql.transaction(
        "forget old digests",
        c -> {
          String old = " WHERE closes_at < ? AND (sent = TRUE OR items = 0)";
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + items
                      + " /* cross-shard: retention */ WHERE (user_id, digest_id) IN"
                      + " (SELECT user_id, id FROM "
                      + digests
                      + old
                      + ")")) {
            ps.setLong(1, b);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM " + passes + " /* cross-shard: retention */ WHERE due_at < ?")) {
            ps.setLong(1, b);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM " + digests + " /* cross-shard: retention */" + old)) {
            ps.setLong(1, b);
            return ps.executeUpdate();
          }
        });
  }
}
