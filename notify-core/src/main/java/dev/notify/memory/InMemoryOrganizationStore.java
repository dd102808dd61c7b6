package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.settings.OrganizationSettings;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.VersionedOrganization;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe in-memory {@link OrganizationStore}: each save is atomic per organisation. What it
 * holds ends with the process.
 *
 * @since 0.3.0
 */
public final class InMemoryOrganizationStore implements OrganizationStore {
  private final ConcurrentHashMap<String, VersionedOrganization> organizations =
      new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryOrganizationStore() {}

  @Override
  public VersionedOrganization load(String organizationId) {
    Checks.idText(organizationId, "organizationId");
    return organizations.getOrDefault(organizationId, VersionedOrganization.NEVER_SAVED);
  }

  @Override
  public long save(String organizationId, OrganizationSettings settings, long expectedVersion) {
    Checks.idText(organizationId, "organizationId");
    Checks.notNull(settings, "settings");
    Checks.argument(
        expectedVersion >= 0, "expectedVersion must not be negative, got %s", expectedVersion);
    VersionedOrganization saved =
        organizations.compute(
            organizationId,
            (id, current) -> {
              long actual = current == null ? 0 : current.version();
              if (actual != expectedVersion) {
                throw SettingsConflictException.ofOrganization(id, expectedVersion, actual);
              }
              return new VersionedOrganization(settings, actual + 1);
            });
    return saved.version();
  }

  /** {@code false}: what it holds ends with the process. */
  @Override
  public boolean durable() {
    return false;
  }
}
