package dev.notify.catalog;

import dev.notify.internal.Checks;

/**
 * How often a user wants to be told, per option, channel and medium. Ordered from least to most (so
 * {@code compareTo} says which of two settings delivers more).
 *
 * @since 0.1.0
 */
public enum Frequency {
  /** Never deliver, under any circumstance. */
  NEVER,
  /** Deliver only when the user is not logged in (logged out or timed out for inactivity). */
  WHEN_LOGGED_OUT,
  /** Deliver every time. */
  ALWAYS;

  private static final Frequency[] VALUES = values();

  /**
   * Rule 2, the frequency gate: whether this frequency delivers to a user with {@code presence}.
   * {@code ALWAYS} delivers, {@code WHEN_LOGGED_OUT} only when the user is not logged in, {@code
   * NEVER} never.
   */
  public boolean delivers(Presence presence) {
    Checks.notNull(presence, "presence");
    // Comparisons, not a switch: this runs per option and medium for every candidate.
    return this == ALWAYS || (this == WHEN_LOGGED_OUT && presence != Presence.LOGGED_IN);
  }

  /**
   * Returns the frequency with this name, for example {@code "WHEN_LOGGED_OUT"}.
   *
   * <p>Letters may be in any case ({@code "always"}, {@code "When_Logged_Out"}); only ASCII letters
   * match, so no look-alike character is taken for one.
   *
   * @throws IllegalArgumentException quoting the value when no frequency has that name
   */
  public static Frequency parse(String name) {
    Checks.notNull(name, "frequency");
    for (Frequency f : VALUES) {
      if (Checks.asciiEqualsIgnoreCase(f.name(), name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        Checks.format(
            "unknown frequency %s (known: ALWAYS, WHEN_LOGGED_OUT, NEVER)", Checks.quote(name)));
  }
}
