package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which dead letters an operator means: of some kinds, of one medium, dead within a span of time.
 * Every part left unset matches all. Immutable; validated when made.
 *
 * @param kinds the kinds matched; empty for every kind
 * @param medium a medium's id ({@code "email"}), or {@code null} for every medium
 * @param deadFrom the earliest instant a matched letter became dead (inclusive), or {@code null}
 * @param deadBefore the instant every matched letter became dead before (exclusive), or {@code
 *     null}
 * @since 0.3.0
 */
public record DeadLetterFilter(
    Set<TransportException.Kind> kinds,
    @Nullable String medium,
    @Nullable Instant deadFrom,
    @Nullable Instant deadBefore) {
  /** Every dead letter. */
  public static final DeadLetterFilter ALL = new DeadLetterFilter(Set.of(), null, null, null);

  /** Validates and copies. */
  public DeadLetterFilter {
    kinds = Set.copyOf(Checks.noNulls(kinds, "kinds"));
    if (medium != null) {
      Checks.idText(medium, "medium");
    }
    if (deadFrom != null && deadBefore != null) {
      Checks.argument(
          deadFrom.isBefore(deadBefore),
          "deadFrom (%s) must be before deadBefore (%s)",
          deadFrom,
          deadBefore);
    }
  }

  /** This filter matching only {@code first} and {@code more} kinds. */
  public DeadLetterFilter kinds(TransportException.Kind first, TransportException.Kind... more) {
    return new DeadLetterFilter(
        EnumSet.of(Checks.notNull(first, "first"), Checks.notNull(more, "more")),
        medium,
        deadFrom,
        deadBefore);
  }

  /** This filter matching only dead letters of the medium {@code mediumId}. */
  public DeadLetterFilter medium(String mediumId) {
    return new DeadLetterFilter(kinds, mediumId, deadFrom, deadBefore);
  }

  /** This filter matching only dead letters that became dead at or after {@code from}. */
  public DeadLetterFilter deadFrom(Instant from) {
    return new DeadLetterFilter(kinds, medium, Checks.notNull(from, "from"), deadBefore);
  }

  /** This filter matching only dead letters that became dead before {@code before}. */
  public DeadLetterFilter deadBefore(Instant before) {
    return new DeadLetterFilter(kinds, medium, deadFrom, Checks.notNull(before, "before"));
  }

  /** Whether {@code letter} is one of those meant (its medium is its id's last part). */
  public boolean matches(DeadLetter letter) {
    Checks.notNull(letter, "letter");
    return (kinds.isEmpty() || kinds.contains(letter.kind()))
        && (medium == null || letter.id().endsWith("/" + medium))
        && (deadFrom == null || !letter.at().isBefore(deadFrom))
        && (deadBefore == null || letter.at().isBefore(deadBefore));
  }

  /**
   * Whether {@code letter} comes after {@code cursor} in a listing's order: by the instant it
   * became dead, then by id. A null cursor: every letter does.
   */
  public static boolean after(DeadLetter letter, @Nullable DeadLetter cursor) {
    if (cursor == null) {
      return true;
    }
    int c = letter.at().compareTo(cursor.at());
    return c > 0 || (c == 0 && letter.id().compareTo(cursor.id()) > 0);
  }
}
