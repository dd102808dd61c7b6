package dev.notify.timeline;

import dev.notify.internal.Checks;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One weekly window of quiet hours, in the user's local time: it starts on each of {@code days} at
 * {@code from} and ends at {@code to} the same day when {@code to} is after {@code from}, otherwise
 * the next day (so 00:00 to 00:00 is the whole day).
 *
 * @param days the days it starts on, at least one
 * @param from when it starts, local time
 * @param to when it ends, local time
 * @since 0.2.0
 */
public record QuietWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
  /** Validates and copies. */
  public QuietWindow {
    Checks.noNulls(days, "days");
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.argument(!days.isEmpty(), "a quiet window needs at least one day, got none");
    days = Collections.unmodifiableSet(EnumSet.copyOf(days));
  }

  /** How long it lasts on the clock face, in minutes: 1 to 1440. */
  int minutes() {
    int f = from.toSecondOfDay() / 60;
    int t = to.toSecondOfDay() / 60;
    return t > f ? t - f : 1440 - f + t;
  }
}
