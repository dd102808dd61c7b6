package dev.notify.jdbc;

import dev.notify.catalog.Catalog;
import dev.notify.settings.UserSettings;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.VersionedSettings;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings in one row per user (a version and the settings' text form), saved with optimistic
 * versions. A whole audience is read in one query per 10,000 users. Thread-safe.
 */
final class JdbcSettingsStore implements SettingsStore {
  private static final int CHUNK = 10_000;

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
    Objects.requireNonNull(userIds, "userIds cannot be null");
    List<String> ids = new ArrayList<>(userIds);
    Map<String, VersionedSettings> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      sql.transaction(
          "load settings",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT user_id, version, body FROM " + table + " WHERE user_id = ANY(?)")) {
              Array array = c.createArrayOf("VARCHAR", chunk.toArray());
              ps.setArray(1, array);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.put(
                      rs.getString(1),
                      new VersionedSettings(
                          Codec.decodeSettings(rs.getString(3), catalog), rs.getLong(2)));
                }
              }
              array.free();
              return chunk.size(); // what the chunk read is in out
            }
          });
    }
    return out;
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
