package dev.notify.settings;

import dev.notify.engine.Presence;
import dev.notify.internal.Checks;

/**
 * How often a user wants to be told, per option, channel and medium. Ordered from least to most
 * (so {@code compareTo} says which of two settings delivers more).
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

  /** The frequency gate: whether this frequency delivers to a user with {@code presence}. */
  public boolean delivers(Presence presence) {
    return switch (this) {
      case ALWAYS -> true;
      case NEVER -> false;
      case WHEN_LOGGED_OUT -> !Checks.notNull(presence, "presence").isLoggedIn();
    };
  }

  /**
   * Returns the frequency with this name, for example {@code "WHEN_LOGGED_OUT"}.
   *
   * @throws IllegalArgumentException quoting the value when no frequency has that name
   */
  public static Frequency parse(String name) {
    Checks.notNull(name, "frequency");
    for (Frequency f : VALUES) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        Checks.format("unknown frequency %s (known: ALWAYS, WHEN_LOGGED_OUT, NEVER)", Checks.quote(name)));
  }

  static Frequency ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
