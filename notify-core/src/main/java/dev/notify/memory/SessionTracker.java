package dev.notify.memory;

import dev.notify.catalog.Presence;
import dev.notify.internal.Checks;
import dev.notify.spi.PresenceProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PresenceProvider} that follows sessions: log in, activity heartbeats, log out. A
 * logged-in user with no activity for the inactivity timeout is {@link Presence#TIMED_OUT} (which
 * counts as logged out) until their next log in or heartbeat.
 *
 * <p>Thread-safe; reads the injected {@link Clock} on every call, so a test or demo clock drives
 * time-outs.
 *
 * @since 0.1.0
 */
public final class SessionTracker implements PresenceProvider {
  /** The default inactivity timeout: 30 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  private record Session(boolean loggedIn, Instant lastActivity) {}

  private final Clock clock;
  private final Duration timeout;
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

  /**
   * A tracker.
   *
   * @param clock the clock to read time from
   * @param timeout the inactivity after which a logged-in user is timed out; positive
   */
  public SessionTracker(Clock clock, Duration timeout) {
    this.clock = Checks.notNull(clock, "clock");
    Checks.notNull(timeout, "timeout");
    Checks.argument(
        !timeout.isNegative() && !timeout.isZero(), "timeout must be positive, got %s", timeout);
    this.timeout = timeout;
  }

  /** A tracker with the {@link #DEFAULT_TIMEOUT}. */
  public SessionTracker(Clock clock) {
    this(clock, DEFAULT_TIMEOUT);
  }

  /** The user logs in now. */
  public void logIn(String userId) {
    sessions.put(Checks.notNull(userId, "userId"), new Session(true, clock.instant()));
  }

  /** The user logs out. */
  public void logOut(String userId) {
    sessions.put(Checks.notNull(userId, "userId"), new Session(false, clock.instant()));
  }

  /**
   * The user did something: a logged-in or timed-out session is active again from now on (the
   * browser is still signed in; timing out only stops web notifications). A logged-out user stays
   * logged out.
   */
  public void heartbeat(String userId) {
    sessions.computeIfPresent(
        Checks.notNull(userId, "userId"),
        (id, s) -> s.loggedIn() ? new Session(true, clock.instant()) : s);
  }

  /** The inactivity timeout. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public Presence presence(String userId) {
    Session s = sessions.get(Checks.notNull(userId, "userId"));
    if (s == null || !s.loggedIn()) {
      return Presence.LOGGED_OUT;
    }
    Duration idle = Duration.between(s.lastActivity(), clock.instant());
    return idle.compareTo(timeout) >= 0 ? Presence.TIMED_OUT : Presence.LOGGED_IN;
  }
}
