package dev.notify.timeline;

import dev.notify.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The state of one user's throttle window for one medium, as a {@code DigestBook} keeps it: what
 * {@link TimelinePolicy#count} needs to decide whether a delivery passes. Immutable: the policy
 * answers a new state, the book stores it.
 *
 * @param opens the due instant of the delivery that opened it
 * @param closes when it ends: {@code opens} plus the throttle's window
 * @param max how many deliveries it lets through (the throttle's, when it opened)
 * @param passed how many it let through: 1 to {@code max}
 * @param gathered the id of the digest gathering what it held back, or {@code null} while none
 * @since 0.3.0
 */
public record ThrottleWindow(
    Instant opens, Instant closes, int max, int passed, @Nullable String gathered) {
  /** Validates. */
  public ThrottleWindow {
    Checks.notNull(opens, "opens");
    Checks.notNull(closes, "closes");
    Checks.argument(
        closes.isAfter(opens), "a throttle window closes after it opens, got %s", closes);
    Checks.argument(max >= 1, "a throttle window lets at least 1 through, got %s", max);
    Checks.argument(
        passed >= 1 && passed <= max, "a window of %s lets 1 to %s through", passed, max);
  }

  /** This window, gathering what it holds back in digest {@code digestId}. */
  public ThrottleWindow gatheringIn(String digestId) {
    return new ThrottleWindow(opens, closes, max, passed, Checks.notNull(digestId, "digestId"));
  }

  /**
   * What {@link TimelinePolicy#count} made of a delivery.
   *
   * @param window the user's throttle window after it: the one it passed in or opened, or the full
   *     one that held it back
   * @param passes whether it goes on as decided (to its digest if any); {@code false}: it is
   *     gathered into the window's digest, sent when the window ends
   */
  public record Counted(ThrottleWindow window, boolean passes) {
    /** Validates. */
    public Counted {
      Checks.notNull(window, "window");
    }
  }
}
