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
import org.jspecify.annotations.Nullable;

/**
 * Presence shared by every instance of the host, one row per session (a browser tab, a device): a
 * user is {@link Presence#LOGGED_IN} while any of their sessions, on any instance, was active
 * within the session time-out; {@link Presence#TIMED_OUT} when they have sessions but none was;
 * {@link Presence#LOGGED_OUT} when they have none — so a "When logged out" email never goes to an
 * agent whose tab on another instance is open, and closing the last tab anywhere logs them out.
 * Thread-safe.
 *
 * @since 0.2.0
 */
public final class JdbcPresence implements PresenceProvider {
  /** The session of {@link #logIn(String)}: one per user, for a host that counts no sessions. */
  public static final String DEFAULT_SESSION = "";

  private final Sql sql;
  private final String table;
  private final String upsert;
  private final Clock clock;
  private final Duration timeout;

  JdbcPresence(Sql sql, Dialect dialect, String prefix, Clock clock, Duration timeout) {
    this.sql = sql;
    this.table = prefix + "presence";
    this.upsert =
        dialect.upsert(table, "user_id, session_id", "user_id", "session_id", "last_seen");
    this.clock = clock;
    this.timeout = timeout;
  }

  /** The user logs in now (on any instance), in the one {@link #DEFAULT_SESSION}. */
  public void logIn(String userId) {
    logIn(userId, DEFAULT_SESSION);
  }

  /**
   * The user opens session {@code sessionId} now (a tab, a device; unique per user across
   * instances). Opening it again refreshes it.
   *
   * @since 0.3.0
   */
  public void logIn(String userId, String sessionId) {
    Ids.check(userId, "userId", Ids.USER);
    Ids.check(sessionId, "sessionId", Ids.USER);
    long now = Nanos.of(clock.instant());
    sql.transaction(
        "log in",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setString(1, userId);
            ps.setString(2, sessionId);
            ps.setLong(3, now);
            return ps.executeUpdate();
          }
        });
  }

  /** The user logs out: every session of theirs, on every instance, ends. */
  public void logOut(String userId) {
    Ids.check(userId, "userId", Ids.USER);
    end("log out", "DELETE FROM " + table + " WHERE user_id = ?", userId, null);
  }

  /**
   * The user's session {@code sessionId} ends (its tab closed); they stay logged in while another
   * session of theirs lives.
   *
   * @since 0.3.0
   */
  public void logOut(String userId, String sessionId) {
    Ids.check(userId, "userId", Ids.USER);
    Objects.requireNonNull(sessionId, "sessionId cannot be null");
    end(
        "end a session",
        "DELETE FROM " + table + " WHERE user_id = ? AND session_id = ?",
        userId,
        sessionId);
  }

  private void end(String operation, String statement, String userId, @Nullable String session) {
    sql.transaction(
        operation,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, userId);
            if (session != null) {
              ps.setString(2, session);
            }
            return ps.executeUpdate();
          }
        });
  }

  /**
   * The user did something: each of their sessions is active again from now on; a logged-out user
   * (no session) stays logged out.
   */
  public void heartbeat(String userId) {
    Ids.check(userId, "userId", Ids.USER);
    long now = Nanos.of(clock.instant());
    sql.transaction(
        "record a heartbeat",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE " + table + " SET last_seen = ? WHERE user_id = ?")) {
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
    // The freshest session decides; a user with none has no row: logged out.
    Map<String, Presence> out =
        sql.byIds(
            "read presences",
            "SELECT user_id, MAX(last_seen) FROM "
                + table
                + " WHERE user_id = ANY(?) GROUP BY user_id",
            userIds,
            rs -> now - rs.getLong(2) >= limit ? Presence.TIMED_OUT : Presence.LOGGED_IN);
    for (String id : userIds) {
      out.putIfAbsent(id, Presence.LOGGED_OUT);
    }
    return out;
  }
}
