package dev.notify.jdbc;

import dev.notify.catalog.Catalog;
import dev.notify.settings.UserSettings;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.VersionedSettings;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Settings in one row per user (a version and the settings' text form), saved with optimistic
 * versions. A whole audience is read in one query per 10,000 users. Thread-safe.
 */
final class JdbcSettingsStore implements SettingsStore {

  private final Sql sql;
  private final String table;
  private final Catalog catalog;
  private final VersionedRows rows;

  JdbcSettingsStore(Sql sql, Dialect dialect, String prefix, Catalog catalog) {
    this.sql = sql;
    this.table = prefix + "settings";
    this.catalog = catalog;
    this.rows = new VersionedRows(sql, dialect, table, "user_id");
  }

  @Override
  public VersionedSettings load(String userId) {
    Ids.check(userId, "userId", Ids.USER);
    return rows.load(
        "load settings",
        userId,
        (body, version) -> new VersionedSettings(Codec.decodeSettings(body, catalog), version),
        VersionedSettings.NEVER_SAVED);
  }

  @Override
  public Map<String, VersionedSettings> loadAll(Collection<String> userIds) {
    return sql.byIds(
        "load settings",
        "SELECT user_id, version, body FROM " + table + " WHERE user_id = ANY(?)",
        userIds,
        rs -> new VersionedSettings(Codec.decodeSettings(rs.getString(3), catalog), rs.getLong(2)));
  }

  @Override
  public long save(String userId, UserSettings settings, long expectedVersion) {
    Ids.check(userId, "userId", Ids.USER);
    Objects.requireNonNull(settings, "settings cannot be null");
    return rows.save(
        "save settings",
        userId,
        Codec.encode(settings),
        expectedVersion,
        actual -> new SettingsConflictException(userId, expectedVersion, actual));
  }
}
