package dev.notify.catalog;

import dev.notify.internal.Checks;

/**
 * Whether a user can see in-app notifications right now.
 *
 * @since 0.1.0
 */
public enum Presence {
  /** Signed in and active. */
  LOGGED_IN,
  /** Signed out. */
  LOGGED_OUT,
  /** Exited for inactivity; counts as logged out. */
  TIMED_OUT;

  /** Whether the user is logged in (only {@link #LOGGED_IN}). */
  public boolean isLoggedIn() {
    return this == LOGGED_IN;
  }

  /**
   * Returns the presence with this name.
   *
   * <p>Letters may be in any case ({@code "always"}, {@code "When_Logged_Out"}); only ASCII letters
   * match, so no look-alike character is taken for one.
   *
   * @throws IllegalArgumentException quoting the value when no presence has that name
   */
  public static Presence parse(String name) {
    Checks.notNull(name, "presence");
    for (Presence p : values()) {
      if (Checks.asciiEqualsIgnoreCase(p.name(), name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        Checks.format(
            "unknown presence %s (known: LOGGED_IN, LOGGED_OUT, TIMED_OUT)", Checks.quote(name)));
  }
}
