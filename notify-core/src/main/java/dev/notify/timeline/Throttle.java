package dev.notify.timeline;

import dev.notify.internal.Checks;
import java.time.Duration;

/**
 * A user's limit on external deliveries of one medium: at most {@code max} in a window of {@code
 * window}. The first delivery after a window ended opens the next one at its due instant; the
 * deliveries due in a window beyond its first {@code max} are not sent one by one but gathered into
 * one digest sent when that window ends (never dropped). Urgent options pass it, as they pass quiet
 * hours and digests; in-app notifications are never throttled.
 *
 * @param max how many deliveries a window lets through: 1 to 1000
 * @param window how long a window lasts: whole minutes, 1 minute to 1 day
 * @since 0.3.0
 */
public record Throttle(int max, Duration window) {
  /** Validates. */
  public Throttle {
    Checks.argument(max >= 1 && max <= 1000, "a throttle lets 1 to 1000 through, got %s", max);
    Checks.notNull(window, "window");
    Checks.argument(
        window.toMinutes() >= 1 && window.toMinutes() <= 1440 && window.toSecondsPart() == 0,
        "a throttle window must be whole minutes, 1 to 1440, got %s",
        window);
  }

  /** In words: "at most 10 per 60 min". */
  public String describe() {
    return "at most " + max + " per " + window.toMinutes() + " min";
  }
}
