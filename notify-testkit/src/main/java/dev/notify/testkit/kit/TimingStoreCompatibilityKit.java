package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.spi.TimingStore;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.QuietWindow;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.UserTiming;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TimingStore}: every part of a timing reads back exactly (a zone with
 * daylight saving, windows across midnight and on chosen days, the unread delay, a digest, a
 * throttle), a later save replaces the earlier one, clearing forgets it and says whether there was
 * one, {@code loadAll} answers for the users that have one, and racing saves leave one of the saved
 * timings whole. Implementations' tests extend it.
 *
 * @since 0.3.0
 */
public abstract class TimingStoreCompatibilityKit {
  /** Every part set, in a zone with daylight saving. */
  protected static final UserTiming FULL =
      new UserTiming(
          QuietHours.of(
              ZoneId.of("Europe/Paris"),
              List.of(
                  new QuietWindow(
                      EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                      LocalTime.of(22, 0),
                      LocalTime.of(7, 30)),
                  new QuietWindow(
                      Set.of(DayOfWeek.SUNDAY), LocalTime.of(0, 0), LocalTime.of(23, 59)))),
          Duration.ofMinutes(2),
          new DigestPolicy(Duration.ofMinutes(45), 7, true),
          new Throttle(10, Duration.ofMinutes(60)));

  /** The store under test, new for each test. */
  protected TimingStore store;

  /** A new, empty store. */
  protected abstract TimingStore createStore();

  @BeforeEach
  void setUpStore() {
    store = createStore();
  }

  @Test
  void nothingSaved_readsAsEmpty() {
    assertEquals(Optional.empty(), store.load("alice"));
    assertEquals(Map.of(), store.loadAll(List.of("alice", "bob")));
    assertFalse(store.clear("alice"));
  }

  @Test
  void everyPart_readsBackExactly() {
    store.save("alice", FULL);
    assertEquals(Optional.of(FULL), store.load("alice"));
    store.save("bob", UserTiming.DEFAULT);
    assertEquals(Optional.of(UserTiming.DEFAULT), store.load("bob"));
    UserTiming digestOnly =
        new UserTiming(
            QuietHours.NONE,
            Duration.ofMinutes(1440),
            new DigestPolicy(Duration.ofDays(1), 50, false),
            null);
    store.save("carol", digestOnly);
    assertEquals(Optional.of(digestOnly), store.load("carol"));
  }

  @Test
  void aLaterSave_replaces_andClearForgets() {
    store.save("alice", FULL);
    store.save("alice", UserTiming.DEFAULT.withThrottle(new Throttle(1, Duration.ofMinutes(1))));
    assertEquals(
        Optional.of(UserTiming.DEFAULT.withThrottle(new Throttle(1, Duration.ofMinutes(1)))),
        store.load("alice"));
    assertTrue(store.clear("alice"));
    assertEquals(Optional.empty(), store.load("alice"));
    assertFalse(store.clear("alice"), "cleared once already");
  }

  @Test
  void loadAll_answersForTheUsersThatHaveOne() {
    store.save("alice", FULL);
    store.save("bob", UserTiming.DEFAULT);
    List<String> many = new ArrayList<>(List.of("alice", "bob", "nobody"));
    for (int i = 0; i < 500; i++) {
      many.add("user-" + i);
    }
    assertEquals(Map.of("alice", FULL, "bob", UserTiming.DEFAULT), store.loadAll(many));
    assertEquals(Map.of(), store.loadAll(List.of()));
  }

  @Test
  void racingSaves_leaveOneOfTheSavedTimingsWhole() throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> failed = new ConcurrentLinkedQueue<>();
    List<UserTiming> saved = new ArrayList<>();
    List<Thread> all = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      UserTiming mine = FULL.withThrottle(new Throttle(i + 1, Duration.ofMinutes(60)));
      saved.add(mine);
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  store.save("alice", mine);
                } catch (Throwable e) {
                  failed.add(e);
                }
              });
      t.start();
      all.add(t);
    }
    start.countDown();
    for (Thread t : all) {
      t.join(300_000);
    }
    assertTrue(failed.isEmpty(), () -> "a save failed: " + failed);
    UserTiming now = store.load("alice").orElseThrow();
    assertTrue(saved.contains(now), () -> "not one of the saved timings: " + now);
  }

  @Test
  void badArguments_areRefused() {
    assertThrows(NullPointerException.class, () -> store.load(nullId()));
    assertThrows(NullPointerException.class, () -> store.save(nullId(), FULL));
    assertThrows(NullPointerException.class, () -> store.save("alice", nullTiming()));
    assertEquals(Optional.empty(), store.load("alice"), "a refused save changes nothing");
  }

  @SuppressWarnings("NullAway") // a null id on purpose: the store must refuse it
  private static String nullId() {
    return null;
  }

  @SuppressWarnings("NullAway") // a null timing on purpose: the store must refuse it
  private static UserTiming nullTiming() {
    return null;
  }
}
