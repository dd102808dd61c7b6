package dev.notify.jdbc;

import dev.notify.settings.OrganizationSettings;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.VersionedOrganization;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;

/**
 * Organisations' settings in one row each (a version and the settings' text form), saved with
 * optimistic versions like users' settings. Thread-safe.
 */
final class JdbcOrganizationStore implements OrganizationStore {
  private final Sql sql;
  private final String table;
  private final VersionedRows rows;

  JdbcOrganizationStore(Sql sql, Dialect dialect, String prefix) {
    this.sql = sql;
    this.table = prefix + "organizations";
    this.rows = new VersionedRows(sql, dialect, table, "organization_id");
  }

  @Override
  public VersionedOrganization load(String organizationId) {
    Ids.check(organizationId, "organizationId", Ids.USER);
    return sql.transaction(
        "load an organisation",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT version, body FROM " + table + " WHERE organization_id = ?")) {
            ps.setString(1, organizationId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? new VersionedOrganization(
                      Codec.decodeOrganization(rs.getString(2)), rs.getLong(1))
                  : VersionedOrganization.NEVER_SAVED;
            }
          }
        });
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
