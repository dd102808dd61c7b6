package dev.notify.spi;

import dev.notify.NotifyException;
import dev.notify.internal.Checks;

/**
 * A settings save lost an optimistic race: the stored version is no longer the one the editor
 * loaded. Reload, re-apply the edit, save again.
 *
 * @since 0.1.0
 */
public class SettingsConflictException extends NotifyException {
  private static final long serialVersionUID = 1L;

  private final long expected;
  private final long actual;

  /** Creates the exception for {@code userId}. */
  public SettingsConflictException(String userId, long expected, long actual) {
    this(
        Checks.format(
            "settings of %s were changed concurrently: expected version %d, stored version is %d",
            Checks.quote(userId), expected, actual),
        expected,
        actual,
        true);
  }

  private SettingsConflictException(
      String message, long expected, long actual, boolean messageGiven) {
    // messageGiven only tells this constructor from the public one of the same types.
    super("settings", message);
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * The exception for the settings of organisation {@code organizationId}.
   *
   * @since 0.3.0
   */
  public static SettingsConflictException ofOrganization(
      String organizationId, long expected, long actual) {
    return new SettingsConflictException(
        Checks.format(
            "the settings of organisation %s were changed concurrently: expected version %d,"
                + " stored version is %d",
            Checks.quote(organizationId), expected, actual),
        expected,
        actual,
        true);
  }

  /** The version the editor loaded. */
  public long expectedVersion() {
    return expected;
  }

  /** The version that is stored now. */
  public long actualVersion() {
    return actual;
  }
}
