package dev.notify.spi;

import dev.notify.settings.UserSettings;
import java.util.Collection;
import java.util.Map;

/**
 * Stores each user's settings with an optimistic version, so that two concurrent edits of one
 * user's settings never silently lose one: the second save fails with {@link
 * SettingsConflictException} and the editor reloads.
 *
 * <p><b>Threading:</b> safe for concurrent calls. <b>Blocking:</b> may block (a database); a
 * publish reads its whole audience with one {@link #loadAll} on the publishing thread.
 * <b>Failures:</b> an unchecked exception from a load fails the publish before anything is written.
 *
 * @since 0.1.0
 */
public interface SettingsStore {
  /** The user's settings and version; {@link VersionedSettings#NEVER_SAVED} when never saved. */
  VersionedSettings load(String userId);

  /**
   * The settings of every user in {@code userIds}, read at once: the map answers {@code get} for
   * each of them, with no entry for a user who never saved (they follow the defaults). It may hold
   * other users too, and may be a view of the store. Publish calls it once per action, for its
   * whole audience: read them in one round trip where the store can.
   *
   * @since 0.2.0 (abstract since 0.3.0)
   */
  Map<String, VersionedSettings> loadAll(Collection<String> userIds);

  /**
   * Saves the user's settings if the stored version is still {@code expectedVersion}.
   *
   * @return the new version, greater than {@code expectedVersion}
   * @throws SettingsConflictException when another save came first
   */
  long save(String userId, UserSettings settings, long expectedVersion);

  /**
   * Whether this store keeps what it holds across a restart of the process (a database does, the
   * in-memory stores do not). A notifier refuses a durable outbox beside stores that are not
   * ({@code NotifierBuilder#build}), since a restart would keep the queue and lose what it relies
   * on. {@code true} by default: a store of a host's own is taken to be durable.
   *
   * @since 0.3.0
   */
  default boolean durable() {
    return true;
  }
}
