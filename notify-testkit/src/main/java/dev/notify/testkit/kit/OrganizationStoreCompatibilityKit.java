package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.settings.Lock;
import dev.notify.settings.OrganizationSettings;
import dev.notify.settings.Setting;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.VersionedOrganization;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OrganizationStore}: what is saved reads back whole (defaults, locks with
 * and without channel, a default timing), versions count saves, a stale save is refused and changes
 * nothing, and of racing first saves exactly one wins. Implementations' tests extend it.
 *
 * @since 0.3.0
 */
public abstract class OrganizationStoreCompatibilityKit {
  private static final OrganizationSettings ACME =
      new OrganizationSettings(
          "Acme",
          "acme-3",
          List.of(Setting.of("conversation.assigned", Medium.EMAIL, Frequency.ALWAYS)),
          List.of(
              new Lock("note.mentioned", Medium.EMAIL, null, Frequency.ALWAYS),
              new Lock(
                  "conversation.message.assigned", Medium.IN_APP, Channel.CHAT, Frequency.NEVER)));

  /** The store under test, new for each test. */
  protected OrganizationStore store;

  /** A new, empty store. */
  protected abstract OrganizationStore createStore();

  @BeforeEach
  void setUpStore() {
    store = createStore();
  }

  @Test
  void nothingSaved_readsAsNeverSaved() {
    assertEquals(VersionedOrganization.NEVER_SAVED, store.load("acme"));
  }

  @Test
  void whatIsSaved_readsBackWhole_andVersionsCountSaves() {
    assertEquals(1, store.save("acme", ACME, 0));
    assertEquals(new VersionedOrganization(ACME, 1), store.load("acme"));
    OrganizationSettings next = ACME.withLocks(List.of());
    assertEquals(2, store.save("acme", next, 1));
    assertEquals(new VersionedOrganization(next, 2), store.load("acme"));
    assertEquals(VersionedOrganization.NEVER_SAVED, store.load("globex"), "one row each");
  }

  @Test
  void aDefaultTiming_readsBackWhole_andCanBeRemoved() {
    OrganizationSettings timed = ACME.withTiming(TimingStoreCompatibilityKit.FULL);
    assertEquals(1, store.save("acme", timed, 0));
    assertEquals(new VersionedOrganization(timed, 1), store.load("acme"));
    assertEquals(2, store.save("acme", timed.withTiming(null), 1));
    assertEquals(new VersionedOrganization(ACME, 2), store.load("acme"));
  }

  @Test
  void aStaleSave_isRefused_andChangesNothing() {
    store.save("acme", ACME, 0);
    SettingsConflictException e =
        assertThrows(SettingsConflictException.class, () -> store.save("acme", ACME, 0));
    assertEquals(0, e.expectedVersion());
    assertEquals(1, e.actualVersion());
    assertThrows(SettingsConflictException.class, () -> store.save("acme", ACME, 5));
    assertEquals(1, store.load("acme").version());
    assertThrows(SettingsConflictException.class, () -> store.save("globex", ACME, 1));
    assertEquals(VersionedOrganization.NEVER_SAVED, store.load("globex"));
  }

  @Test
  void ofRacingFirstSaves_exactlyOneWins() throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Long> won = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> other = new ConcurrentLinkedQueue<>();
    List<Thread> all = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      OrganizationSettings mine = ACME.withDefaults("acme-" + i, List.of());
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  won.add(store.save("acme", mine, 0));
                } catch (SettingsConflictException e) {
                  // lost the race: expected for all but one
                } catch (Throwable e) {
                  other.add(e);
                }
              });
      t.start();
      all.add(t);
    }
    start.countDown();
    for (Thread t : all) {
      t.join(300_000);
    }
    assertTrue(other.isEmpty(), () -> "unexpected failures: " + other);
    assertEquals(List.of(1L), List.copyOf(won));
    assertEquals(1, store.load("acme").version());
  }

  @Test
  void badArguments_areRefused() {
    assertThrows(NullPointerException.class, () -> store.load(nullId()));
    assertThrows(IllegalArgumentException.class, () -> store.save("acme", ACME, -1));
  }

  @SuppressWarnings("NullAway") // a null id on purpose: the store must refuse it
  private static String nullId() {
    return null;
  }
}
