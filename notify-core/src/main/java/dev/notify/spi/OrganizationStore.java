package dev.notify.spi;

import dev.notify.settings.OrganizationSettings;

/**
 * Where organisations' settings are kept — their default tables and locks — with optimistic
 * versions, as {@link SettingsStore} keeps users'.
 *
 * <p><b>Threading:</b> thread-safe. <b>Blocking:</b> may block on I/O; the notifier loads an
 * organisation once per publish (one read) and saves only when an admin edits. <b>Failures:</b> an
 * unchecked exception means the call changed nothing.
 *
 * @since 0.3.0
 */
public interface OrganizationStore {
  /** The organisation's settings and version; {@link VersionedOrganization#NEVER_SAVED} if none. */
  VersionedOrganization load(String organizationId);

  /**
   * Saves the organisation's settings if the stored version is still {@code expectedVersion}.
   *
   * @return the new version
   * @throws SettingsConflictException when another save came first (nothing is saved)
   */
  long save(String organizationId, OrganizationSettings settings, long expectedVersion);

  /**
   * Whether this store keeps what it holds across a restart of the process; {@code true} by default
   * (a store of a host's own is taken to be durable).
   */
  default boolean durable() {
    return true;
  }
}
