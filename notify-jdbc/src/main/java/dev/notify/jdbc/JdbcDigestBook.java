package dev.notify.jdbc;

import dev.notify.catalog.Catalog;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.timeline.DigestPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The digest book in three tables shared by every instance: a head row per user and medium, locked
 * while one of their deliveries is placed (so windows never overlap); a row per window, locked by
 * placing and sealing alike (so nothing joins a window being sent); a row per placed delivery with
 * its text form, so a handed-over delivery survives any process. Thread-safe.
 */
final class JdbcDigestBook implements DigestBook {
  private final Sql sql;
  private final Catalog catalog;
  private final String heads;
  private final String digests;
  private final String items;
  private final String insertHead;

  JdbcDigestBook(Sql sql, Dialect dialect, String prefix, Catalog catalog) {
    this.sql = sql;
    this.catalog = catalog;
    this.heads = prefix + "digest_heads";
    this.digests = prefix + "digests";
    this.items = prefix + "digest_items";
    this.insertHead = dialect.insertIfAbsent(heads, "head_key", "head_key");
  }

  /** A window as its row says. */
  private record Window(
      String id,
      long closes,
      int max,
      int count,
      @Nullable String sender,
      @Nullable Long filled,
      boolean sealed) {
    DigestPlacement placement(boolean opener) {
      if (opener) {
        return DigestPlacement.opener(id);
      }
      return DigestPlacement.member(
          id, Objects.requireNonNull(sender), Nanos.toInstant(filled != null ? filled : closes));
    }
  }

  @Override
  public DigestPlacement place(Delivery delivery, Instant due, @Nullable DigestPolicy policy) {
    Objects.requireNonNull(delivery, "delivery cannot be null");
    long d = Nanos.of(Objects.requireNonNull(due, "due cannot be null"));
    String id = Ids.check(delivery.id(), "delivery id", Ids.DELIVERY);
    Ids.check(delivery.recipient().id(), "userId", Ids.USER);
    return sql.transaction(
        "place a delivery in a digest",
        c -> {
          if (policy == null) {
            DigestPlacement before = placed(c, id);
            return before != null ? before : DigestPlacement.NONE;
          }
          String key =
              delivery.recipient().id().length()
                  + ":"
                  + delivery.recipient().id()
                  + "/"
                  + delivery.medium().id();
          String open = lockHead(c, key);
          // Holding the head: a placement of this delivery by a worker whose lease ran out is seen.
          DigestPlacement raced = placed(c, id);
          if (raced != null) {
            return raced;
          }
          Window w = open == null ? null : window(c, open, true);
          if (w != null && !w.sealed() && w.count() < w.max() && d < w.closes()) {
            int count = w.count() + 1;
            boolean fills = count == w.max();
            String sender = w.sender() == null || fills ? id : w.sender();
            Long filled = fills ? d : null;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE "
                        + digests
                        + " SET items = ?, sender = ?, filled_at = ? WHERE id = ?")) {
              ps.setInt(1, count);
              ps.setString(2, sender);
              if (filled == null) {
                ps.setNull(3, Types.BIGINT);
              } else {
                ps.setLong(3, filled);
              }
              ps.setString(4, w.id());
              ps.executeUpdate();
            }
            addItem(c, id, w.id(), count, false, Codec.encode(delivery));
            return new Window(w.id(), w.closes(), w.max(), count, sender, filled, false)
                .placement(false);
          }
          Window fresh =
              new Window(
                  Digest.idOf(id),
                  Nanos.of(due.plus(policy.window())),
                  policy.max(),
                  policy.flushFirst() ? 0 : 1,
                  policy.flushFirst() ? null : id,
                  null,
                  false);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + digests
                      + " (id, closes_at, max_items, items, sender, filled_at, sealed)"
                      + " VALUES (?, ?, ?, ?, ?, NULL, FALSE)")) {
            ps.setString(1, fresh.id());
            ps.setLong(2, fresh.closes());
            ps.setInt(3, fresh.max());
            ps.setInt(4, fresh.count());
            ps.setString(5, fresh.sender());
            ps.executeUpdate();
          }
          boolean opener = policy.flushFirst();
          addItem(c, id, fresh.id(), opener ? 0 : 1, opener, opener ? "" : Codec.encode(delivery));
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE " + heads + " SET open_digest = ? WHERE head_key = ?")) {
            ps.setString(1, fresh.id());
            ps.setString(2, key);
            ps.executeUpdate();
          }
          return fresh.placement(opener);
        });
  }

  /**
   * Locks the head of {@code key}, made on first use, and gives its open window: placements of one
   * user and medium wait for each other here.
   */
  private @Nullable String lockHead(Connection c, String key) throws SQLException {
    for (int pass = 0; pass < 2; pass++) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT open_digest FROM " + heads + " WHERE head_key = ? FOR UPDATE")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return rs.getString(1);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(insertHead)) {
        ps.setString(1, key);
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

  private void addItem(
      Connection c, String deliveryId, String digestId, int position, boolean opener, String body)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + items
                + " (delivery_id, digest_id, position, opener, payload) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, deliveryId);
      ps.setString(2, digestId);
      ps.setInt(3, position);
      ps.setBoolean(4, opener);
      ps.setString(5, body);
      ps.executeUpdate();
    }
  }

  /** Where {@code deliveryId} was placed, or null. */
  private @Nullable DigestPlacement placed(Connection c, String deliveryId) throws SQLException {
    String digestId;
    boolean opener;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT digest_id, opener FROM " + items + " WHERE delivery_id = ?")) {
      ps.setString(1, deliveryId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        digestId = rs.getString(1);
        opener = rs.getBoolean(2);
      }
    }
    Window w = window(c, digestId, false);
    if (w == null) {
      throw new SQLException("digest " + digestId + " of " + deliveryId + " is missing");
    }
    return w.placement(opener);
  }

  private @Nullable Window window(Connection c, String id, boolean lock) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT closes_at, max_items, items, sender, filled_at, sealed FROM "
                + digests
                + " WHERE id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long filled = rs.getLong(5);
        Long f = rs.wasNull() ? null : filled;
        return new Window(
            id, rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getString(4), f, rs.getBoolean(6));
      }
    }
  }

  @Override
  public Optional<Digest> seal(String digestId, String senderId) {
    Objects.requireNonNull(digestId, "digestId cannot be null");
    Objects.requireNonNull(senderId, "senderId cannot be null");
    return sql.transaction(
        "seal a digest",
        c -> {
          Window w = window(c, digestId, true);
          if (w == null || !senderId.equals(w.sender())) {
            return Optional.<Digest>empty();
          }
          if (!w.sealed()) {
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE " + digests + " SET sealed = TRUE WHERE id = ?")) {
              ps.setString(1, digestId);
              ps.executeUpdate();
            }
          }
          List<Delivery> members = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT delivery_id, payload FROM "
                      + items
                      + " WHERE digest_id = ? AND opener = FALSE ORDER BY position")) {
            ps.setString(1, digestId);
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
  public int forget(Instant before) {
    long b = Nanos.of(Objects.requireNonNull(before, "before cannot be null"));
    return sql.transaction(
        "forget old digests",
        c -> {
          String old = " WHERE closes_at < ? AND (sealed = TRUE OR items = 0)";
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + items
                      + " WHERE digest_id IN (SELECT id FROM "
                      + digests
                      + old
                      + ")")) {
            ps.setLong(1, b);
            ps.executeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + digests + old)) {
            ps.setLong(1, b);
            return ps.executeUpdate();
          }
        });
  }
}
