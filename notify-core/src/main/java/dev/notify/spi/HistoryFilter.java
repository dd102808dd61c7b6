package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which history events an operator means: of some kinds, of one medium, within a span of time, and
 * — with {@link #current()} — only the last event of each delivery, so that "kind SENT" reads
 * "deliveries now sent" and "kind QUEUED before an hour ago" reads "still waiting after an hour".
 * Every part left unset matches all. Immutable; validated when made.
 *
 * @param kinds the kinds matched; empty for every kind
 * @param medium a medium's id ({@code "email"}), or {@code null} for every medium
 * @param from the earliest instant of a matched event (inclusive), or {@code null}
 * @param before the instant every matched event happened before (exclusive), or {@code null}
 * @param currentOnly whether only each delivery's last event is matched (its state now)
 * @since 0.3.0
 */
public record HistoryFilter(
    Set<HistoryEvent.Kind> kinds,
    @Nullable String medium,
    @Nullable Instant from,
    @Nullable Instant before,
    boolean currentOnly) {
  /** Every event. */
  public static final HistoryFilter ALL = new HistoryFilter(Set.of(), null, null, null, false);

  /** Validates and copies. */
  public HistoryFilter {
    kinds = Set.copyOf(Checks.noNulls(kinds, "kinds"));
    if (medium != null) {
      Checks.idText(medium, "medium");
    }
    if (from != null && before != null) {
      Checks.argument(from.isBefore(before), "from (%s) must be before before (%s)", from, before);
    }
  }

  /** This filter matching only events of the {@code first} and {@code more} kinds. */
  public HistoryFilter kinds(HistoryEvent.Kind first, HistoryEvent.Kind... more) {
    return new HistoryFilter(
        EnumSet.of(Checks.notNull(first, "first"), Checks.notNull(more, "more")),
        medium,
        from,
        before,
        currentOnly);
  }

  /** This filter matching only events of deliveries of the medium {@code mediumId}. */
  public HistoryFilter medium(String mediumId) {
    return new HistoryFilter(kinds, mediumId, from, before, currentOnly);
  }

  /** This filter matching only events at or after {@code instant}. */
  public HistoryFilter from(Instant instant) {
    return new HistoryFilter(
        kinds, medium, Checks.notNull(instant, "instant"), before, currentOnly);
  }

  /** This filter matching only events before {@code instant}. */
  public HistoryFilter before(Instant instant) {
    return new HistoryFilter(kinds, medium, from, Checks.notNull(instant, "instant"), currentOnly);
  }

  /** This filter matching only the last event of each delivery: the state it is in now. */
  public HistoryFilter current() {
    return new HistoryFilter(kinds, medium, from, before, true);
  }

  /**
   * Whether {@code event} is one of those meant, leaving {@link #current()} aside (whether an event
   * is its delivery's last is known only to the history).
   */
  public boolean matches(HistoryEvent event) {
    Checks.notNull(event, "event");
    return (kinds.isEmpty() || kinds.contains(event.kind()))
        && (medium == null || medium.equals(event.medium()))
        && (from == null || !event.at().isBefore(from))
        && (before == null || event.at().isBefore(before));
  }
}
