package dev.notify.spi;

import dev.notify.settings.UserSettings;

/**
 * Stores each user's settings with an optimistic version, so that two concurrent edits of one
 * user's settings never silently lose one: the second save fails with {@link
 * SettingsConflictException} and the editor reloads.
 *
 * <p><b>Threading:</b> safe for concurrent calls. <b>Blocking:</b> may block (a database); {@link
 * #load} runs on the publishing thread once per candidate recipient. <b>Failures:</b> an unchecked
 * exception from {@code load} fails the publish before anything is delivered.
 *
 * @since 0.1.0
 */
public interface SettingsStore {
  /** The user's settings and version; {@link VersionedSettings#NEVER_SAVED} when never saved. */
  VersionedSettings load(String userId);

  /**
   * Saves the user's settings if the stored version is still {@code expectedVersion}.
   *
   * @return the new version, greater than {@code expectedVersion}
   * @throws SettingsConflictException when another save came first
   */
  long save(String userId, UserSettings settings, long expectedVersion);
}
