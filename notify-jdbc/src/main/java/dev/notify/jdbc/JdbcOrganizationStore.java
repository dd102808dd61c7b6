package dev.notify.jdbc;

import dev.notify.settings.OrganizationSettings;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.VersionedOrganization;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Organisations' settings in one row each (a version and the settings' text form), saved with
 * optimistic versions like users' settings. Thread-safe.
 */
final class JdbcOrganizationStore implements OrganizationStore {
  private final Sql sql;
  private final Dialect dialect;
  private final String table;

  JdbcOrganizationStore(Sql sql, Dialect dialect, String prefix) {
    this.sql = sql;
    this.dialect = dialect;
    this.table = prefix + "organizations";
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
    if (expectedVersion < 0) {
      throw new IllegalArgumentException(
          "expectedVersion must not be negative, got " + expectedVersion);
    }
    String body = Codec.encode(settings);
    long next = expectedVersion + 1;
    return sql.transaction(
        "save an organisation",
        c -> {
          int n;
          if (expectedVersion == 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    dialect.insertIfAbsent(
                        table, "organization_id", "organization_id", "version", "body"))) {
              ps.setString(1, organizationId);
              ps.setLong(2, next);
              ps.setString(3, body);
              n = ps.executeUpdate();
            } catch (SQLException e) {
              if (!"23505".equals(e.getSQLState())) {
                throw e;
              }
              n = 0; // a concurrent first save won (H2 reports it as a duplicate key)
            }
          } else {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE "
                        + table
                        + " SET version = ?, body = ? WHERE organization_id = ? AND version = ?")) {
              ps.setLong(1, next);
              ps.setString(2, body);
              ps.setString(3, organizationId);
              ps.setLong(4, expectedVersion);
              n = ps.executeUpdate();
            }
          }
          if (n != 1) {
            throw SettingsConflictException.ofOrganization(
                organizationId, expectedVersion, currentVersion(c, organizationId));
          }
          return next;
        });
  }

  private long currentVersion(Connection c, String organizationId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT version FROM " + table + " WHERE organization_id = ?")) {
      ps.setString(1, organizationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
