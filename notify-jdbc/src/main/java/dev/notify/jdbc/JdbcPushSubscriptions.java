package dev.notify.jdbc;

import dev.notify.spi.PushSubscription;
import dev.notify.spi.PushSubscriptions;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Web Push subscriptions in one table keyed by (user, endpoint), distributed by user: a subscribe
 * first removes the endpoint from any other user (a browser changes hands rarely: one cross-shard
 * delete), then upserts, then trims the user to {@value PushSubscriptions#MAX_PER_USER}, all in one
 * transaction. Thread-safe.
 */
final class JdbcPushSubscriptions implements PushSubscriptions {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Sql sql;
  private final String table;
  private final String upsert;

  JdbcPushSubscriptions(Sql sql, Dialect dialect, String prefix) {
    this.sql = sql;
    this.table = prefix + "push_subscriptions";
    this.upsert =
        dialect.upsert(
            table, "user_id, endpoint", "user_id", "endpoint", "p256dh", "auth", "created_at");
  }

  @Override
  public void subscribe(PushSubscription s) {
    Objects.requireNonNull(s, "subscription cannot be null");
    Ids.check(s.userId(), "subscription.userId", Ids.USER);
    String endpoint = s.endpoint().toString();
    sql.transaction(
        "subscribe to web push",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + table
                      + " /* cross-shard: a browser that changed hands */"
                      + " WHERE endpoint = ? AND user_id <> ?")) {
            ps.setString(1, endpoint);
            ps.setString(2, s.userId());
            ps.executeUpdate();
          }
          for (int attempt = 1; ; attempt++) {
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
              ps.setString(1, s.userId());
              ps.setString(2, endpoint);
              ps.setString(3, B64.encodeToString(s.p256dh()));
              ps.setString(4, B64.encodeToString(s.auth()));
              ps.setLong(5, Nanos.of(s.createdAt()));
              ps.executeUpdate();
              break;
            } catch (SQLException e) {
              // H2's MERGE reports a row another subscribe inserted meanwhile as a key violation
              // (this statement alone is undone): run it again, now it updates that row.
              if (attempt >= 3 || !Dialect.duplicateKey(e)) {
                throw e;
              }
            }
          }
          // Beyond the cap, the oldest go.
          List<String> mine = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT endpoint FROM "
                      + table
                      + " WHERE user_id = ? ORDER BY created_at DESC, endpoint DESC")) {
            ps.setString(1, s.userId());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                mine.add(rs.getString(1));
              }
            }
          }
          for (String old : mine.subList(Math.min(MAX_PER_USER, mine.size()), mine.size())) {
            if (old.equals(endpoint)) {
              continue; // the one just kept: never trim it
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM " + table + " WHERE user_id = ? AND endpoint = ?")) {
              ps.setString(1, s.userId());
              ps.setString(2, old);
              ps.executeUpdate();
            }
          }
          return mine.size();
        });
  }

  @Override
  public boolean unsubscribe(String userId, URI endpoint) {
    Objects.requireNonNull(userId, "userId cannot be null");
    Objects.requireNonNull(endpoint, "endpoint cannot be null");
    return sql.transaction(
        "unsubscribe from web push",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM " + table + " WHERE user_id = ? AND endpoint = ?")) {
            ps.setString(1, userId);
            ps.setString(2, endpoint.toString());
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public boolean remove(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint cannot be null");
    return sql.transaction(
        "remove a gone web push subscription",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + table
                      + " /* cross-shard: the push service said it is gone */ WHERE endpoint = ?")) {
            ps.setString(1, endpoint.toString());
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public List<PushSubscription> of(String userId) {
    Objects.requireNonNull(userId, "userId cannot be null");
    return sql.transaction(
        "read web push subscriptions",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT endpoint, p256dh, auth, created_at FROM "
                      + table
                      + " WHERE user_id = ? ORDER BY created_at, endpoint")) {
            ps.setString(1, userId);
            List<PushSubscription> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new PushSubscription(
                        userId,
                        URI.create(rs.getString(1)),
                        B64D.decode(rs.getString(2)),
                        B64D.decode(rs.getString(3)),
                        Nanos.toInstant(rs.getLong(4))));
              }
            }
            return List.copyOf(out);
          }
        });
  }
}
