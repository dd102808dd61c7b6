package dev.notify.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(store.load("alice")).isEqualTo(VersionedSettings.NEVER_SAVED);
  }

  @Test
  void save_thenLoad_roundTripsAndBumpsTheVersion() {
    long v1 = store.save("alice", EMAIL_ALWAYS, 0);
    assertThat(v1).isGreaterThan(0);
    assertThat(store.load("alice")).isEqualTo(new VersionedSettings(EMAIL_ALWAYS, v1));
    long v2 = store.save("alice", UserSettings.none(), v1);
    assertThat(v2).isGreaterThan(v1);
    assertThat(store.load("alice").settings()).isEqualTo(UserSettings.none());
    assertThat(store.load("bob")).isEqualTo(VersionedSettings.NEVER_SAVED);
  }

  @Test
  void save_withAStaleVersion_failsAndKeepsTheStoredSettings() {
    long v1 = store.save("alice", EMAIL_ALWAYS, 0);
    assertThatThrownBy(() -> store.save("alice", UserSettings.none(), 0))
        .isInstanceOf(SettingsConflictException.class)
        .hasMessageContaining("alice");
    assertThat(store.load("alice")).isEqualTo(new VersionedSettings(EMAIL_ALWAYS, v1));
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
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(won.get()).isEqualTo(400);
    assertThat(versions).hasSize(400); // every successful save got its own version
  }
}
