package dev.notify.catalog;

import dev.notify.internal.Checks;

/**
 * How often a user wants to be told, per option, channel and medium. The seed's three, from least
 * to most — {@code NEVER}, {@code WHEN_LOGGED_OUT}, {@code ALWAYS} — and, beyond the seed, {@code
 * IF_UNREAD} for email and host media: sent only if the in-app notification of the same action is
 * still unread some minutes later.
 *
 * @since 0.1.0
 */
public enum Frequency {
  /** Never deliver, under any circumstance. */
  NEVER,
  /** Deliver only when the user is not logged in (logged out or timed out for inactivity). */
  WHEN_LOGGED_OUT,
  /** Deliver every time. */
  ALWAYS,
  /**
   * Deliver only if the user has not read the in-app notification of the same action by the time
   * their unread delay has passed (a delivery that passes the gate <em>conditionally</em>); a user
   * without such an in-app notification gets it as with {@code ALWAYS}. Not for in-app.
   *
   * @since 0.2.0
   */
  IF_UNREAD;

  private static final Frequency[] VALUES = values();

  /**
   * Rule 2, the frequency gate: whether this frequency delivers to a user with {@code presence}.
   * {@code ALWAYS} delivers, {@code WHEN_LOGGED_OUT} only when the user is not logged in, {@code
   * NEVER} never; {@code IF_UNREAD} passes, conditionally ({@link #isConditional()}).
   */
  public boolean delivers(Presence presence) {
    Checks.notNull(presence, "presence");
    // Comparisons, not a switch: this runs per option and medium for every candidate.
    return this == ALWAYS
        || this == IF_UNREAD
        || (this == WHEN_LOGGED_OUT && presence != Presence.LOGGED_IN);
  }

  /**
   * Whether a delivery this frequency passes is conditional: sent only if still unread later.
   *
   * @since 0.2.0
   */
  public boolean isConditional() {
    return this == IF_UNREAD;
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
            "unknown frequency %s (known: ALWAYS, WHEN_LOGGED_OUT, NEVER, IF_UNREAD)",
            Checks.quote(name)));
  }
}
