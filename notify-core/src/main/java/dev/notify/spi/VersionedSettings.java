package dev.notify.spi;

import dev.notify.internal.Checks;
import dev.notify.settings.UserSettings;

/**
 * A user's settings with the version they were stored under, for optimistic concurrency.
 *
 * @param settings the settings
 * @param version the stored version; {@code 0} for a user whose settings were never saved
 * @since 0.1.0
 */
public record VersionedSettings(UserSettings settings, long version) {
  /** Settings never saved: the defaults, version 0. */
  public static final VersionedSettings NEVER_SAVED = new VersionedSettings(UserSettings.none(), 0);

  /** Validates. */
  public VersionedSettings {
    Checks.notNull(settings, "settings");
    Checks.argument(version >= 0, "version must not be negative, got %d", version);
  }
}
