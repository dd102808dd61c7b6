package dev.notify.jdbc;

import dev.notify.catalog.Presence;
import dev.notify.spi.PresenceProvider;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Presence shared by every instance of the host: each instance records log-ins, heartbeats and
 * log-outs in one table, and every instance reads the same answer — so a "When logged out" email
 * never goes to an agent who is logged in on another instance. A logged-in user without a heartbeat
 * for the session time-out is {@link Presence#TIMED_OUT}. Thread-safe.
 *
 * @since 0.2.0
 */
public final class JdbcPresence implements PresenceProvider {

  private final Sql sql;
  private final String table;
  private final String upsert;
  private final Clock clock;
  private final Duration timeout;

  JdbcPresence(Sql sql, Dialect dialect, String prefix, Clock clock, Duration timeout) {
    this.sql = sql;
    this.table = prefix + "sessions";
    this.upsert = dialect.upsert(table, "user_id", "user_id", "logged_in", "last_seen");
    this.clock = clock;
    this.timeout = timeout;
  }

  /** The user logs in now (on any instance). */
  public void logIn(String userId) {
    write(userId, true, "log in");
  }

  /** The user logs out. */
  public void logOut(String userId) {
    write(userId, false, "log out");
  }

  private void write(String userId, boolean in, String operation) {
    Ids.check(userId, "userId", Ids.USER);
    long now = Nanos.of(clock.instant());
    sql.transaction(
        operation,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setString(1, userId);
            ps.setBoolean(2, in);
            ps.setLong(3, now);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * The user did something: a logged-in or timed-out session is active again from now on; a
   * logged-out user stays logged out.
   */
  public void heartbeat(String userId) {
    Ids.check(userId, "userId", Ids.USER);
    long now = Nanos.of(clock.instant());
    sql.transaction(
        "record a heartbeat",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + table
                      + " SET last_seen = ? WHERE user_id = ? AND logged_in = TRUE")) {
            ps.setLong(1, now);
            ps.setString(2, userId);
            return ps.executeUpdate();
          }
        });
  }

  /** The inactivity time-out. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public Presence presence(String userId) {
    Objects.requireNonNull(userId, "userId cannot be null");
    return presences(List.of(userId)).getOrDefault(userId, Presence.LOGGED_OUT);
  }

  @Override
  public Map<String, Presence> presences(Collection<String> userIds) {
    long now = Nanos.of(clock.instant());
    long limit = timeout.toNanos();
    return sql.byIds(
        "read presences",
        "SELECT user_id, logged_in, last_seen FROM " + table + " WHERE user_id = ANY(?)",
        userIds,
        rs ->
            !rs.getBoolean(2)
                ? Presence.LOGGED_OUT
                : now - rs.getLong(3) >= limit ? Presence.TIMED_OUT : Presence.LOGGED_IN);
  }
}
