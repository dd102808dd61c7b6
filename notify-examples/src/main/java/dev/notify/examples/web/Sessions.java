package dev.notify.examples.web;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web example's sessions and CSRF tokens, kept in the database ({@code web_sessions}) so every
 * instance behind a load balancer knows them: a browser signed in on one is signed in on all. A
 * session cookie per agent ({@code HttpOnly}, {@code SameSite=Strict}), so one browser may be
 * signed in as two agents in two windows; every state-changing request carries its session's token
 * in {@code X-CSRF-Token}.
 *
 * <p>Sessions end: when signed out, after {@code idle} without a request, {@code lifetime} after
 * sign-in, or when the agent signs in a {@value #MAX_PER_AGENT}th time elsewhere (their oldest
 * session ends). At most {@code max} live at once: a sign-in beyond them is refused (503) after the
 * ended ones are swept. Each end this instance sees is told to {@code onEnd} (the web host closes
 * the session's event streams); a thread of its own sweeps the ended ones every half idle time (at
 * most 30 s) until {@link #close()}, and also ends the streams here of sessions that ended on
 * another instance ({@code watched} names the sessions with streams here). A request refreshes its
 * session's last use at most once a second (a write per request would be the cost otherwise).
 * Thread-safe (one connection per call).
 */
final class Sessions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final String COOKIE = "notify_sid_";

  /** The most live sessions of one agent: a new one ends the oldest. */
  static final int MAX_PER_AGENT = 32;

  /** A signed-in agent's session. */
  record Session(String id, String agent, String csrf, Instant created, Instant used) {}

  private final DataSource dataSource;
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Duration idle;
  private final Duration lifetime;
  private final int max;
  private final Consumer<String> onEnd;
  private final Supplier<Set<String>> watched;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "web-sessions");
            t.setDaemon(true);
            return t;
          });

  Sessions(
      DataSource dataSource,
      Clock clock,
      Duration idle,
      Duration lifetime,
      int max,
      Consumer<String> onEnd,
      Supplier<Set<String>> watched) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.idle = idle;
    this.lifetime = lifetime;
    this.max = max;
    this.onEnd = onEnd;
    this.watched = watched;
    run(
        "create the sessions table",
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute(
                "CREATE TABLE IF NOT EXISTS web_sessions (id VARCHAR(64) PRIMARY KEY,"
                    + " agent VARCHAR(64) NOT NULL, csrf VARCHAR(64) NOT NULL,"
                    + " created_ms BIGINT NOT NULL, used_ms BIGINT NOT NULL)");
            st.execute("CREATE INDEX IF NOT EXISTS web_sessions_agent ON web_sessions (agent)");
          }
          return 0;
        });
    long every = Math.max(1, Math.min(idle.toMillis() / 2, 30_000));
    sweeper.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** A unit of work on one connection. */
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T run(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("could not " + what + ": " + e, e);
    }
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // A failed sweep must not cancel the next ones (a scheduled task that throws does).
      LOG.warn("could not end the expired sessions", e);
    }
  }

  /** Stops the sweeping; the sessions stay as they are. */
  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  /**
   * Signs this browser in as {@code agent}, replacing its earlier session of that agent.
   *
   * @throws BadRequest 503 when {@code max} sessions live
   */
  Session signIn(HttpExchange ex, String agent) {
    Session old = session(ex, agent);
    int added = old == null ? 1 : 0; // a new sign-in of the same agent replaces the old
    if (size() + added > max) {
      sweep();
      if (size() + added > max) {
        throw new BadRequest(503, "too many sessions; try again later");
      }
    }
    if (old != null) {
      end(old.id());
    }
    List<String> mine =
        run(
            "read an agent's sessions",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id FROM web_sessions WHERE agent = ? ORDER BY created_ms, id")) {
                ps.setString(1, agent);
                return ids(ps);
              }
            });
    if (mine.size() >= MAX_PER_AGENT) {
      for (String id : mine.subList(0, mine.size() - MAX_PER_AGENT + 1)) {
        end(id);
      }
    }
    Instant now = clock.instant();
    Session s = new Session(token(), agent, token(), now, now);
    run(
        "sign in",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO web_sessions (id, agent, csrf, created_ms, used_ms)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, s.id());
            ps.setString(2, agent);
            ps.setString(3, s.csrf());
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, now.toEpochMilli());
            return ps.executeUpdate();
          }
        });
    // One cookie per agent, so one browser can be signed in as two agents in two windows. A
    // browser-session cookie: the server ends the session, whatever the browser keeps.
    ex.getResponseHeaders()
        .add("Set-Cookie", COOKIE + agent + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
    return s;
  }

  /** Ends {@code s} and tells the browser to forget its cookie. */
  void signOut(HttpExchange ex, Session s) {
    end(s.id());
    ex.getResponseHeaders()
        .add("Set-Cookie", COOKIE + s.agent() + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  }

  /**
   * The session of {@code agent} this request holds, its CSRF token checked for a request that
   * changes state: 401 when the browser is signed in as nobody (or its session ended), 403 as
   * someone else or with a wrong token. Counts as a use of the session.
   */
  Session require(HttpExchange ex, String agent, String method) {
    Session s = session(ex, agent);
    if (s == null) {
      List<String> others = signedIn(ex);
      if (others.isEmpty()) {
        throw new BadRequest(401, "sign in first (or again: sessions end)");
      }
      throw new BadRequest(
          403, "you are signed in as " + String.join(", ", others) + ", not " + agent);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      String token = ex.getRequestHeaders().getFirst("X-CSRF-Token");
      if (token == null
          || !MessageDigest.isEqual(
              token.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
        throw new BadRequest(403, "missing or wrong CSRF token");
      }
    }
    long now = clock.millis();
    if (now - s.used().toEpochMilli() >= 1000) {
      run(
          "use a session",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE web_sessions SET used_ms = ? WHERE id = ?")) {
              ps.setLong(1, now);
              ps.setString(2, s.id());
              return ps.executeUpdate();
            }
          });
    }
    return s;
  }

  /**
   * Ends every session that idled or lived too long, and the streams here of sessions that ended on
   * another instance; answers how many sessions this call ended.
   */
  int sweep() {
    Instant now = clock.instant();
    List<String> expired =
        run(
            "find the expired sessions",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id FROM web_sessions WHERE used_ms <= ? OR created_ms <= ?")) {
                ps.setLong(1, now.minus(idle).toEpochMilli());
                ps.setLong(2, now.minus(lifetime).toEpochMilli());
                return ids(ps);
              }
            });
    int n = 0;
    for (String id : expired) {
      if (end(id)) {
        n++;
      }
    }
    for (String id : watched.get()) {
      if (find(id) == null) {
        onEnd.accept(id); // signed out or ended on another instance
      }
    }
    return n;
  }

  /** How many sessions live (ended ones not yet swept included). */
  int size() {
    return run(
        "count the sessions",
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM web_sessions")) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  private boolean expired(Session s, Instant now) {
    return !now.isBefore(s.used().plus(idle)) || !now.isBefore(s.created().plus(lifetime));
  }

  /** Ends session {@code id}; answers whether this call ended it. */
  private boolean end(String id) {
    int deleted =
        run(
            "end a session",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("DELETE FROM web_sessions WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate();
              }
            });
    if (deleted > 0) {
      onEnd.accept(id);
    }
    return deleted > 0;
  }

  /** The live session of {@code agent} this browser holds: each agent has a cookie of their own. */
  private @Nullable Session session(HttpExchange ex, String agent) {
    String name = COOKIE + agent + "=";
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(name)) {
          Session s = live(p.substring(name.length()));
          if (s != null && s.agent().equals(agent)) {
            return s;
          }
        }
      }
    }
    return null;
  }

  /** The session {@code id} if it lives; an expired one ends here. */
  private @Nullable Session live(String id) {
    Session s = find(id);
    if (s == null) {
      return null;
    }
    if (expired(s, clock.instant())) {
      end(id);
      return null;
    }
    return s;
  }

  /** The stored session {@code id}, expired or not. */
  private @Nullable Session find(String id) {
    if (id.isEmpty() || id.length() > 64) {
      return null; // never a token of ours: no query
    }
    return run(
            "read a session",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT agent, csrf, created_ms, used_ms FROM web_sessions WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next()
                      ? Optional.of(
                          new Session(
                              id,
                              rs.getString(1),
                              rs.getString(2),
                              Instant.ofEpochMilli(rs.getLong(3)),
                              Instant.ofEpochMilli(rs.getLong(4))))
                      : Optional.<Session>empty();
                }
              }
            })
        .orElse(null);
  }

  private static List<String> ids(PreparedStatement ps) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /** The agents this browser is signed in as. */
  private List<String> signedIn(HttpExchange ex) {
    List<String> agents = new ArrayList<>();
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        int eq = p.indexOf('=');
        if (p.startsWith(COOKIE) && eq > 0) {
          Session s = live(p.substring(eq + 1));
          if (s != null && p.substring(COOKIE.length(), eq).equals(s.agent())) {
            agents.add(s.agent());
          }
        }
      }
    }
    return agents;
  }

  private String token() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
