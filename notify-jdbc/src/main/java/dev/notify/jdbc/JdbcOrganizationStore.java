package dev.notify.jdbc;

import dev.notify.settings.OrganizationSettings;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.VersionedOrganization;
import java.util.Objects;

/**
 * Organisations' settings in one row each (a version and the settings' text form), saved with
 * optimistic versions like users' settings. Thread-safe.
 */
final class JdbcOrganizationStore implements OrganizationStore {
  private final VersionedRows rows;

  JdbcOrganizationStore(Sql sql, Dialect dialect, String prefix) {
    this.rows = new VersionedRows(sql, dialect, prefix + "organizations", "organization_id");
  }

  @Override
  public VersionedOrganization load(String organizationId) {
    Ids.check(organizationId, "organizationId", Ids.USER);
    return rows.load(
        "load an organisation",
        organizationId,
        (body, version) -> new VersionedOrganization(Codec.decodeOrganization(body), version),
        VersionedOrganization.NEVER_SAVED);
  }

  @Override
  public long save(String organizationId, OrganizationSettings settings, long expectedVersion) {
    Ids.check(organizationId, "organizationId", Ids.USER);
    Objects.requireNonNull(settings, "settings cannot be null");
    return rows.save(
        "save an organisation",
        organizationId,
        Codec.encode(settings),
        expectedVersion,
        actual ->
            SettingsConflictException.ofOrganization(organizationId, expectedVersion, actual));
  }
}
