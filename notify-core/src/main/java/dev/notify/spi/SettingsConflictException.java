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
    super(
        "settings",
        Checks.format(
            "settings of %s were changed concurrently: expected version %d, stored version is %d",
            Checks.quote(userId), expected, actual));
    this.expected = expected;
    this.actual = actual;
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
