package dev.notify.examples.adapters;

import dev.notify.catalog.Presence;
import dev.notify.spi.PresenceProvider;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A worked example of a custom {@link PresenceProvider}: outside office hours nobody watches the
 * help desk, so everyone counts as logged out (and {@code WHEN_LOGGED_OUT} email goes out even to
 * an agent who forgot to log out); inside them, the wrapped provider decides. Thread-safe if the
 * wrapped provider is.
 */
public final class OfficeHoursPresence implements PresenceProvider {
  private final PresenceProvider during;
  private final Clock clock;
  private final ZoneId zone;
  private final LocalTime opens;
  private final LocalTime closes;

  /**
   * Office hours from {@code opens} (inclusive) to {@code closes} (exclusive) in {@code zone}.
   *
   * @param during who is logged in during office hours
   */
  public OfficeHoursPresence(
      PresenceProvider during, Clock clock, ZoneId zone, LocalTime opens, LocalTime closes) {
    this.during = Objects.requireNonNull(during, "during cannot be null");
    this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    this.zone = Objects.requireNonNull(zone, "zone cannot be null");
    this.opens = Objects.requireNonNull(opens, "opens cannot be null");
    this.closes = Objects.requireNonNull(closes, "closes cannot be null");
    if (!opens.isBefore(closes)) {
      throw new IllegalArgumentException(
          "opens must be before closes, got " + opens + " and " + closes);
    }
  }

  @Override
  public Presence presence(String userId) {
    Objects.requireNonNull(userId, "userId cannot be null");
    LocalTime now = LocalTime.ofInstant(clock.instant(), zone);
    boolean open = !now.isBefore(opens) && now.isBefore(closes);
    return open ? during.presence(userId) : Presence.LOGGED_OUT;
  }
}
