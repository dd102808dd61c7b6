package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.settings.UserSettings;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.VersionedSettings;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe in-memory {@link SettingsStore} with optimistic versions. A user who follows the
 * defaults costs nothing here: there is no entry until their first save.
 *
 * @since 0.1.0
 */
public final class InMemorySettingsStore implements SettingsStore {
  private final ConcurrentHashMap<String, VersionedSettings> store = new ConcurrentHashMap<>();
  private final Map<String, VersionedSettings> view = Collections.unmodifiableMap(store);

  /** An empty store. */
  public InMemorySettingsStore() {}

  @Override
  public VersionedSettings load(String userId) {
    VersionedSettings v = store.get(Checks.notNull(userId, "userId"));
    return v == null ? VersionedSettings.NEVER_SAVED : v;
  }

  /** A read-only view of the store: nothing is copied, however big the audience. */
  @Override
  public Map<String, VersionedSettings> loadAll(Collection<String> userIds) {
    Checks.notNull(userIds, "userIds");
    return view;
  }

  @Override
  public long save(String userId, UserSettings settings, long expectedVersion) {
    Checks.notNull(userId, "userId");
    Checks.notNull(settings, "settings");
    Checks.argument(
        expectedVersion >= 0, "expectedVersion must not be negative, got %d", expectedVersion);
    VersionedSettings saved =
        store.compute(
            userId,
            (id, old) -> {
              long current = old == null ? 0 : old.version();
              if (current != expectedVersion) {
                throw new SettingsConflictException(userId, expectedVersion, current);
              }
              return new VersionedSettings(settings, current + 1);
            });
    return saved.version();
  }

  /** {@code false}: what it holds ends with the process. */
  @Override
  public boolean durable() {
    return false;
  }
}
