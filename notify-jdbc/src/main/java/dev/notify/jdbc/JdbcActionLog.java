package dev.notify.jdbc;

import dev.notify.spi.ActionLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The action log in one table shared by every instance: an id's first fingerprint wins (an insert
 * that does nothing on a conflict), and a loser reads the winner's. Thread-safe.
 */
final class JdbcActionLog implements ActionLog {
  private static final int BATCH = 1000;

  private final Sql sql;
  private final String table;
  private final String insert;

  JdbcActionLog(Sql sql, Dialect dialect, String prefix) {
    this.sql = sql;
    this.table = prefix + "actions";
    this.insert = dialect.insertIfAbsent(table, "id", "id", "fingerprint", "recorded_at");
  }

  @Override
  public Optional<String> recordIfAbsent(String actionId, String fingerprint, Instant at) {
    Ids.check(actionId, "actionId", Ids.USER);
    Objects.requireNonNull(fingerprint, "fingerprint cannot be null");
    long n = Nanos.of(Objects.requireNonNull(at, "at cannot be null"));
    return sql.transaction(
        "record an action id",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, actionId);
            ps.setString(2, fingerprint);
            ps.setLong(3, n);
            if (ps.executeUpdate() == 1) {
              return Optional.empty();
            }
          } catch (SQLException e) {
            // H2's MERGE reports a concurrent insert of the same id as a key violation (the
            // statement alone is undone): the other one won; read its fingerprint.
            if (!Dialect.duplicateKey(e)) {
              throw e;
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT fingerprint FROM " + table + " WHERE id = ?")) {
            ps.setString(1, actionId);
            try (ResultSet rs = ps.executeQuery()) {
              // Forgotten between the two statements: this call's action is as good as new.
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public int forgetBefore(Instant cutoff) {
    long before = Nanos.of(Objects.requireNonNull(cutoff, "cutoff cannot be null"));
    int total = 0;
    int n;
    do {
      // Bounded batches: a long retention run never holds one huge transaction.
      n =
          sql.transaction(
              "forget old action ids",
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "DELETE FROM "
                            + table
                            + " /* cross-shard: retention */ WHERE id IN (SELECT id FROM "
                            + table
                            + " WHERE recorded_at < ? LIMIT "
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
