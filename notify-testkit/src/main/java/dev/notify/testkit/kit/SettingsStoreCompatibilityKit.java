package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Tenure;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.VersionedSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link SettingsStore}; implementations' tests extend it. */
public abstract class SettingsStoreCompatibilityKit {
  private static final UserSettings EMAIL_ALWAYS =
      UserSettings.of(
          Catalog.standard(),
          Tenure.NEW,
          List.of(Setting.of("note.added", Medium.EMAIL, Frequency.ALWAYS)),
          List.of());

  protected SettingsStore store;

  /** A new, empty store. */
  protected abstract SettingsStore createStore();

  @BeforeEach
  void setUpStore() {
    store = createStore();
  }

  @Test
  void load_ofANeverSavedUser_isTheDefaultsAtVersionZero() {
    assertEquals(VersionedSettings.NEVER_SAVED, store.load("alice"));
  }

  @Test
  void save_thenLoad_roundTripsAndBumpsTheVersion() {
    long v1 = store.save("alice", EMAIL_ALWAYS, 0);
    assertTrue(v1 > 0);
    assertEquals(new VersionedSettings(EMAIL_ALWAYS, v1), store.load("alice"));
    long v2 = store.save("alice", UserSettings.none(), v1);
    assertTrue(v2 > v1);
    assertEquals(UserSettings.none(), store.load("alice").settings());
    assertEquals(VersionedSettings.NEVER_SAVED, store.load("bob"));
  }

  @Test
  void save_withAStaleVersion_failsAndKeepsTheStoredSettings() {
    long v1 = store.save("alice", EMAIL_ALWAYS, 0);
    SettingsConflictException e =
        assertThrows(
            SettingsConflictException.class, () -> store.save("alice", UserSettings.none(), 0));
    assertTrue(String.valueOf(e.getMessage()).contains("alice"), e.getMessage());
    assertEquals(new VersionedSettings(EMAIL_ALWAYS, v1), store.load("alice"));
  }

  @Test
  void concurrentEdits_neverSilentlyLoseOne() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger won = new AtomicInteger();
    ConcurrentHashMap<Long, Boolean> versions = new ConcurrentHashMap<>();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      fs.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 100; i++) {
                  while (true) {
                    VersionedSettings cur = store.load("alice");
                    try {
                      long v =
                          store.save(
                              "alice",
                              i % 2 == 0 ? EMAIL_ALWAYS : UserSettings.none(),
                              cur.version());
                      versions.put(v, true);
                      won.incrementAndGet();
                      break;
                    } catch (SettingsConflictException e) {
                      // reload and try again
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get(5, TimeUnit.MINUTES); // generous: a loaded machine is slow, not wrong
    }
    pool.shutdown();
    assertEquals(400, won.get());
    assertEquals(400, (versions).size()); // every successful save got its own version
  }

  @Test
  void loadAll_answersForEveryUserAsked() {
    long v = store.save("alice", EMAIL_ALWAYS, 0);
    store.save("bob", UserSettings.none(), 0);
    Map<String, VersionedSettings> all = store.loadAll(List.of("alice", "bob", "carol"));
    assertEquals(new VersionedSettings(EMAIL_ALWAYS, v), all.get("alice"));
    assertEquals(store.load("bob"), all.get("bob"));
    assertNull(all.get("carol"), "never saved: no entry, the defaults apply");
    assertTrue(store.loadAll(List.of()).getOrDefault("carol", null) == null);
  }
}
