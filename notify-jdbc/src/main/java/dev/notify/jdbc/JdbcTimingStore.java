package dev.notify.jdbc;

import dev.notify.spi.TimingStore;
import dev.notify.timeline.UserTiming;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Users' timings in one row per user (the timing's text form), the last save winning. The
 * recipients of an action are read in one query per 10,000 users. Thread-safe.
 */
final class JdbcTimingStore implements TimingStore {

  private final Sql sql;
  private final Dialect dialect;
  private final String table;

  JdbcTimingStore(Sql sql, Dialect dialect, String prefix) {
    this.sql = sql;
    this.dialect = dialect;
    this.table = prefix + "timings";
  }

  @Override
  public Optional<UserTiming> load(String userId) {
    Ids.check(userId, "userId", Ids.USER);
    return sql.read(
        "load a timing",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT body FROM " + table + " WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(Codec.decodeTiming(rs.getString(1)))
                  : Optional.<UserTiming>empty();
            }
          }
        });
  }

  @Override
  public Map<String, UserTiming> loadAll(Collection<String> userIds) {
    return sql.byIds(
        "load timings",
        "SELECT user_id, body FROM " + table + " WHERE user_id = ANY(?)",
        userIds,
        rs -> Codec.decodeTiming(rs.getString(2)));
  }

  @Override
  public void save(String userId, UserTiming timing) {
    Ids.check(userId, "userId", Ids.USER);
    Objects.requireNonNull(timing, "timing cannot be null");
    String body = Codec.encode(timing);
    for (int attempt = 1; ; attempt++) {
      try {
        sql.transaction(
            "save a timing",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(dialect.upsert(table, "user_id", "user_id", "body"))) {
                ps.setString(1, userId);
                ps.setString(2, body);
                return ps.executeUpdate();
              }
            });
        return;
      } catch (JdbcStoreException e) {
        // H2's MERGE reports a first row inserted meanwhile by a racing save as a duplicate key;
        // the row exists now, so saving again updates it.
        if (attempt == 3 || !Dialect.duplicateKey(e)) {
          throw e;
        }
      }
    }
  }

  @Override
  public boolean clear(String userId) {
    Ids.check(userId, "userId", Ids.USER);
    return sql.transaction(
        "clear a timing",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM " + table + " WHERE user_id = ?")) {
            ps.setString(1, userId);
            return ps.executeUpdate() > 0;
          }
        });
  }
}
