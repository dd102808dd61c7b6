package dev.notify.timeline;

import dev.notify.internal.Checks;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * When a user wants to be told, beyond what they are told: quiet hours, how long an {@code
 * IF_UNREAD} email waits for the in-app notification to be read, an optional digest and an optional
 * throttle.
 *
 * @param quietHours the user's quiet hours ({@link QuietHours#NONE} for none)
 * @param unreadDelay how long an {@code IF_UNREAD} email waits: 1 minute to 1 day
 * @param digest the user's digest of email, or {@code null} for none
 * @param throttle the user's limit on external deliveries, counted per medium, or {@code null} for
 *     none (since 0.3.0)
 * @since 0.2.0
 */
public record UserTiming(
    QuietHours quietHours,
    Duration unreadDelay,
    @Nullable DigestPolicy digest,
    @Nullable Throttle throttle) {
  /** The default unread delay: 10 minutes. */
  public static final Duration DEFAULT_UNREAD_DELAY = Duration.ofMinutes(10);

  /** No quiet hours, the default unread delay, no digest. */
  public static final UserTiming DEFAULT =
      new UserTiming(QuietHours.NONE, DEFAULT_UNREAD_DELAY, null, null);

  /** Validates. */
  public UserTiming {
    Checks.notNull(quietHours, "quietHours");
    Checks.notNull(unreadDelay, "unreadDelay");
    Checks.argument(
        unreadDelay.toMinutes() >= 1
            && unreadDelay.toMinutes() <= 1440
            && unreadDelay.toSecondsPart() == 0,
        "the unread delay must be whole minutes, 1 to 1440, got %s",
        unreadDelay);
  }

  /** A timing without throttle (the 0.2.0 constructor). */
  public UserTiming(QuietHours quietHours, Duration unreadDelay, @Nullable DigestPolicy digest) {
    this(quietHours, unreadDelay, digest, null);
  }

  /** This timing with {@code throttle} ({@code null} for none). */
  public UserTiming withThrottle(@Nullable Throttle throttle) {
    return new UserTiming(quietHours, unreadDelay, digest, throttle);
  }
}
