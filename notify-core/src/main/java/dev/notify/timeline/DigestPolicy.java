package dev.notify.timeline;

import dev.notify.internal.Checks;
import java.time.Duration;

/**
 * A user's opt-in digest of email: deliveries falling into an open window are combined into one
 * message. The first delivery not yet placed opens a window; the window takes the deliveries due
 * before its end, up to {@code max}, and is sent at its end or when it fills up, whichever comes
 * first.
 *
 * @param window how long a window stays open: 1 minute to 1 day
 * @param max the most deliveries one digest holds: 2 to 50
 * @param flushFirst whether the delivery that opens a window goes out alone at once (only the rest
 *     are digested)
 * @since 0.2.0
 */
public record DigestPolicy(Duration window, int max, boolean flushFirst) {
  /** Validates. */
  public DigestPolicy {
    Checks.notNull(window, "window");
    Checks.argument(
        window.toMinutes() >= 1 && window.toMinutes() <= 1440 && window.toSecondsPart() == 0,
        "a digest window must be whole minutes, 1 to 1440, got %s",
        window);
    Checks.argument(max >= 2 && max <= 50, "a digest holds 2 to 50 deliveries, got %s", max);
  }
}
