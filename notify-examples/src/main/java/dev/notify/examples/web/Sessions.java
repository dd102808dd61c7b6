package dev.notify.examples.web;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web example's sessions and CSRF tokens: a session cookie per agent ({@code HttpOnly}, {@code
 * SameSite=Strict}), so one browser may be signed in as two agents in two windows; every
 * state-changing request carries its session's token in {@code X-CSRF-Token}.
 *
 * <p>Sessions end: when signed out, after {@code idle} without a request, {@code lifetime} after
 * sign-in, or when the agent signs in a {@value #MAX_PER_AGENT}th time elsewhere (their oldest
 * session ends). At most {@code max} live at once: a sign-in beyond them is refused (503) after the
 * ended ones are swept. Each end is told to {@code onEnd} (the web host closes the session's event
 * streams). A thread of its own sweeps the ended ones every half idle time (at most 30 s) until
 * {@link #close()}. Thread-safe.
 */
final class Sessions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final String COOKIE = "notify_sid_";

  /** The most live sessions of one agent: a new one ends the oldest. */
  static final int MAX_PER_AGENT = 32;

  /** A signed-in agent's session. */
  record Session(String id, String agent, String csrf, Instant created) {}

  /** A session and when it was last used. */
  private static final class Live {
    final Session session;
    volatile Instant used;

    Live(Session session) {
      this.session = session;
      this.used = session.created();
    }
  }

  private final Map<String, Live> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Duration idle;
  private final Duration lifetime;
  private final int max;
  private final Consumer<String> onEnd;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "web-sessions");
            t.setDaemon(true);
            return t;
          });

  Sessions(Clock clock, Duration idle, Duration lifetime, int max, Consumer<String> onEnd) {
    this.clock = clock;
    this.idle = idle;
    this.lifetime = lifetime;
    this.max = max;
    this.onEnd = onEnd;
    long every = Math.max(1, Math.min(idle.toMillis() / 2, 30_000));
    sweeper.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
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
    if (sessions.size() + added > max) {
      sweep();
      if (sessions.size() + added > max) {
        throw new BadRequest(503, "too many sessions; try again later");
      }
    }
    if (old != null) {
      end(old.id());
    }
    List<Live> mine = new ArrayList<>();
    for (Live l : sessions.values()) {
      if (l.session.agent().equals(agent)) {
        mine.add(l);
      }
    }
    if (mine.size() >= MAX_PER_AGENT) {
      mine.sort(Comparator.comparing(l -> l.session.created()));
      for (Live l : mine.subList(0, mine.size() - MAX_PER_AGENT + 1)) {
        end(l.session.id());
      }
    }
    Session s = new Session(token(), agent, token(), clock.instant());
    sessions.put(s.id(), new Live(s));
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
    Live l = sessions.get(s.id());
    if (l != null) {
      l.used = clock.instant();
    }
    return s;
  }

  /** Ends every session that idled or lived too long; answers how many. */
  int sweep() {
    Instant now = clock.instant();
    int n = 0;
    for (Live l : sessions.values()) {
      if (expired(l, now)) {
        end(l.session.id());
        n++;
      }
    }
    return n;
  }

  /** How many sessions live (ended ones not yet swept included). */
  int size() {
    return sessions.size();
  }

  private boolean expired(Live l, Instant now) {
    return !now.isBefore(l.used.plus(idle)) || !now.isBefore(l.session.created().plus(lifetime));
  }

  private void end(String id) {
    if (sessions.remove(id) != null) {
      onEnd.accept(id);
    }
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
    Live l = sessions.get(id);
    if (l == null) {
      return null;
    }
    if (expired(l, clock.instant())) {
      end(id);
      return null;
    }
    return l.session;
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
