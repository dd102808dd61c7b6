package dev.notify.timeline;

import dev.notify.internal.Checks;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A user's quiet hours: weekly windows in their time zone during which external media are held, and
 * delivered when the quiet time ends — never dropped. Local times become instants as {@link
 * ZonedDateTime#of} does: in a daylight-saving gap, later by the length of the gap; in an overlap,
 * the earlier offset. Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class QuietHours {
  /** No quiet hours. */
  public static final QuietHours NONE = new QuietHours(ZoneId.of("UTC"), List.of());

  private static final int WEEK = 7 * 1440;

  private final ZoneId zone;
  private final List<QuietWindow> windows;

  private QuietHours(ZoneId zone, List<QuietWindow> windows) {
    this.zone = zone;
    this.windows = windows;
  }

  /**
   * Quiet hours of {@code windows} in {@code zone}.
   *
   * @throws IllegalArgumentException when the windows together cover the whole week (nothing could
   *     ever be sent)
   */
  public static QuietHours of(ZoneId zone, List<QuietWindow> windows) {
    Checks.notNull(zone, "zone");
    Checks.noNulls(windows, "windows");
    boolean[] quiet = new boolean[WEEK];
    for (QuietWindow w : windows) {
      for (DayOfWeek d : w.days()) {
        int start = (d.getValue() - 1) * 1440 + w.from().toSecondOfDay() / 60;
        for (int m = 0; m < w.minutes(); m++) {
          quiet[(start + m) % WEEK] = true;
        }
      }
    }
    boolean all = !windows.isEmpty();
    for (boolean q : quiet) {
      all &= q;
    }
    Checks.argument(
        !all, "quiet hours %s cover the whole week: nothing could ever be sent", windows);
    return new QuietHours(zone, List.copyOf(windows));
  }

  /** The user's time zone. */
  public ZoneId zone() {
    return zone;
  }

  /** The windows. */
  public List<QuietWindow> windows() {
    return windows;
  }

  /**
   * {@code at} as the user reads it: day, local time and zone, for example "Sun 07:00
   * Europe/Paris".
   */
  public String local(Instant at) {
    return LOCAL.format(ZonedDateTime.ofInstant(Checks.notNull(at, "at"), zone))
        + " "
        + zone.getId();
  }

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT);

  /** Whether {@code at} is inside a window. */
  public boolean isQuiet(Instant at) {
    return endOfWindowAt(Checks.notNull(at, "at")) != null;
  }

  /**
   * Rule 9: when a delivery due at {@code due} may go out — {@code due} itself when it is in no
   * window, else the end of its window, repeated while that end lies in another window.
   */
  public Instant release(Instant due) {
    Checks.notNull(due, "due");
    Instant t = due;
    // Each step ends a window; a week that is never fully covered is left within a few steps.
    for (int step = 0; step < 10_000; step++) {
      Instant end = endOfWindowAt(t);
      if (end == null) {
        return t;
      }
      t = end;
    }
    throw new IllegalStateException("quiet hours " + windows + " never end after " + due);
  }

  /** The latest end of the windows that contain {@code t}, or null when none does. */
  private @Nullable Instant endOfWindowAt(Instant t) {
    if (windows.isEmpty()) {
      return null;
    }
    LocalDate day = t.atZone(zone).toLocalDate();
    Instant latest = null;
    for (QuietWindow w : windows) {
      // A window lasts at most a day: only those starting yesterday or today can contain t.
      for (int back = 1; back >= 0; back--) {
        LocalDate startDay = day.minusDays(back);
        if (!w.days().contains(startDay.getDayOfWeek())) {
          continue;
        }
        Instant start = ZonedDateTime.of(startDay, w.from(), zone).toInstant();
        LocalDate endDay = w.to().isAfter(w.from()) ? startDay : startDay.plusDays(1);
        Instant end = ZonedDateTime.of(endDay, w.to(), zone).toInstant();
        if (!t.isBefore(start) && t.isBefore(end) && (latest == null || end.isAfter(latest))) {
          latest = end;
        }
      }
    }
    return latest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuietHours q && q.zone.equals(zone) && q.windows.equals(windows);
  }

  @Override
  public int hashCode() {
    return zone.hashCode() * 31 + windows.hashCode();
  }

  @Override
  public String toString() {
    return "QuietHours[" + zone + " " + windows + "]";
  }
}
