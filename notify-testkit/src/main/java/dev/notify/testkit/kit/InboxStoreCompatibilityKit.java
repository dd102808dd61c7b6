package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link InboxStore}: every implementation's test extends this class and returns a
 * fresh, empty store from {@link #createStore()}.
 */
public abstract class InboxStoreCompatibilityKit {
  /**
   * How long a case waits for its concurrent callers: generous, so a loaded 2-core machine never
   * fails a case that is only slow.
   */
  private static final long PATIENT_MINUTES = 5;

  protected static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  protected InboxStore store;

  /** A new, empty store. */
  protected abstract InboxStore createStore();

  @BeforeEach
  void setUpStore() {
    store = createStore();
  }

  protected static InboxItem item(String id, String user, Instant at) {
    return new InboxItem(id, user, "a-" + id, "note.added", "text " + id, at, false);
  }

  @Test
  void append_isIdempotentPerId() {
    assertTrue(store.append(item("n1", "alice", T0)));
    assertFalse(store.append(item("n1", "alice", T0.plusSeconds(5))));
    assertEquals(1, store.unreadCount("alice"));
    assertEquals(
        List.of(T0), store.page("alice", 0, 10).stream().map(InboxItem::createdAt).toList());
  }

  @Test
  void appendAll_appendsEachNewItemOnce_andSaysWhichItAppended() {
    assertTrue(store.append(item("n2", "bob", T0)));
    InboxItem snoozed =
        new InboxItem(
                "n4",
                "alice",
                "a-n4",
                "note.added",
                "text n4",
                T0,
                false,
                false,
                false,
                "why",
                "/k4",
                null)
            .asSnoozed(T0.plusSeconds(600));
    boolean[] added =
        store.appendAll(
            List.of(
                item("n1", "alice", T0),
                item("n2", "bob", T0), // there already
                item("n3", "bob", T0.plusSeconds(1)),
                item("n1", "alice", T0.plusSeconds(2)), // repeated in the call
                snoozed));
    assertArrayEquals(new boolean[] {true, false, true, false, true}, added);
    assertEquals(1, store.unreadCount("alice"));
    assertEquals(2, store.unreadCount("bob"));
    assertEquals(Optional.of(T0), store.find("alice", "n1").map(InboxItem::createdAt));
    assertEquals(Optional.of(snoozed), store.find("alice", "n4"));
    assertEquals(0, store.appendAll(List.of()).length);
  }

  @Test
  void concurrentAppendsOfTheSameItems_appendEachOnce_andNoneFails() throws Exception {
    int publishers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                int appended = 0;
                for (int i = 0; i < 50; i++) {
                  appended += store.append(item("n" + i, "alice", T0.plusSeconds(i))) ? 1 : 0;
                }
                return appended;
              }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : results) {
      total += f.get(PATIENT_MINUTES, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertEquals(50, total, "each item appended by exactly one call");
    assertEquals(50, store.unreadCount("alice"));
  }

  @Test
  void unreadPage_isTheUnreadItems_newestFirst_andPaged() {
    for (int i = 0; i < 6; i++) {
      store.append(item("n" + i, "alice", T0.plusSeconds(i)));
    }
    store.append(item("b0", "bob", T0));
    store.markRead("alice", "n4");
    store.markRead("alice", "n1");
    assertEquals(List.of("n5", "n3"), ids(store.unreadPage("alice", 0, 2)));
    assertEquals(List.of("n2", "n0"), ids(store.unreadPage("alice", 2, 10)));
    assertTrue(store.unreadPage("alice", 4, 10).isEmpty());
    assertTrue(store.unreadPage("carol", 0, 10).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> store.unreadPage("alice", 0, 0));
    assertThrows(IllegalArgumentException.class, () -> store.unreadPage("alice", -1, 10));
  }

  @Test
  void find_findsTheOwnersItem_withItsReadState() {
    store.append(item("n1", "alice", T0));
    store.append(item("n2", "bob", T0));
    assertEquals("n1", store.find("alice", "n1").orElseThrow().id());
    assertFalse(store.find("alice", "n1").orElseThrow().read());
    assertTrue(store.find("bob", "n1").isEmpty(), "someone else's item is not found");
    assertTrue(store.find("alice", "n9").isEmpty());
    store.markRead("alice", "n1");
    assertTrue(store.find("alice", "n1").orElseThrow().read());
  }

  @Test
  void page_isNewestFirstAndPaged() {
    for (int i = 0; i < 5; i++) {
      store.append(item("n" + i, "alice", T0.plusSeconds(i)));
    }
    store.append(item("x", "bob", T0));
    assertEquals(List.of("n4", "n3"), ids(store.page("alice", 0, 2)));
    assertEquals(List.of("n2", "n1"), ids(store.page("alice", 2, 2)));
    assertEquals(List.of("n0"), ids(store.page("alice", 4, 2)));
    assertTrue((store.page("alice", 9, 2)).isEmpty());
    assertTrue((store.page("nobody", 0, 2)).isEmpty());
  }

  @Test
  void page_rejectsBadBounds() {
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> store.page("alice", -1, 1));
    assertTrue(String.valueOf(negative.getMessage()).contains("-1"), negative.getMessage());
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> store.page("alice", 0, 0));
    assertTrue(String.valueOf(empty.getMessage()).contains("0"), empty.getMessage());
  }

  @Test
  void badge_countsUnreadAndMarkReadOnlyTouchesTheOwnersItem() {
    store.append(item("n1", "alice", T0));
    store.append(item("n2", "alice", T0.plusSeconds(1)));
    store.append(item("b1", "bob", T0));
    assertEquals(2, store.unreadCount("alice"));
    assertFalse(store.markRead("bob", "n1")); // not bob's
    assertEquals(2, store.unreadCount("alice"));
    assertTrue(store.markRead("alice", "n1"));
    assertFalse(store.markRead("alice", "n1")); // already read
    assertFalse(store.markRead("alice", "missing"));
    assertEquals(1, store.unreadCount("alice"));
    assertEquals(
        List.of("n1"), ids(store.page("alice", 0, 10).stream().filter(InboxItem::read).toList()));
  }

  @Test
  void markAllRead_clearsTheBadge() {
    store.append(item("n1", "alice", T0));
    store.append(item("n2", "alice", T0.plusSeconds(1)));
    store.markRead("alice", "n1");
    store.append(item("b1", "bob", T0));
    assertEquals(1, store.markAllRead("alice"));
    assertEquals(0, store.unreadCount("alice"));
    assertEquals(1, store.unreadCount("bob"));
    assertTrue(store.page("alice", 0, 10).stream().allMatch(InboxItem::read));
    assertEquals(0, store.markAllRead("nobody"));
  }

  @Test
  void deleteCreatedBefore_removesOldReadAndUnreadItems() {
    store.append(item("old-unread", "alice", T0));
    store.append(item("old-read", "alice", T0.plusSeconds(1)));
    store.markRead("alice", "old-read");
    store.append(item("new", "alice", T0.plusSeconds(3600)));
    assertEquals(2, store.deleteCreatedBefore(T0.plusSeconds(60)));
    assertEquals(List.of("new"), ids(store.page("alice", 0, 10)));
    assertEquals(1, store.unreadCount("alice"));
  }

  @Test
  void badge_staysExactUnderConcurrency() throws Exception {
    int threads = 4;
    int perThread = 300;
    ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int tt = t;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  store.append(item("n" + tt + "-" + i, "u" + (i % 3), T0.plusMillis(i)));
                  store.append(
                      item("n" + tt + "-" + i, "u" + (i % 3), T0.plusMillis(i))); // duplicate
                }
                return null;
              }));
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                  if (i % 50 == 0) {
                    store.markAllRead("u" + (i % 3));
                  } else {
                    store.markRead("u" + (i % 3), "n" + tt + "-" + i);
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(PATIENT_MINUTES, TimeUnit.MINUTES);
    }
    pool.shutdown();
    int total = 0;
    for (int u = 0; u < 3; u++) {
      List<InboxItem> all = new ArrayList<>();
      for (int off = 0; ; off += 1000) {
        List<InboxItem> page = store.page("u" + u, off, 1000);
        all.addAll(page);
        if (page.size() < 1000) {
          break;
        }
      }
      total += all.size();
      assertEquals(all.stream().filter(i -> !i.read()).count(), store.unreadCount("u" + u));
    }
    assertEquals(threads * perThread, total);
  }

  @Test
  void anItemsStates_seenReadArchived_andItsReasonAndLink_areKept() {
    InboxItem why =
        new InboxItem(
            "w1",
            "alice",
            "a-w1",
            "note.mentioned",
            "text",
            T0,
            false,
            false,
            false,
            "note.mentioned is ALWAYS (default table standard-1)",
            "https://desk.example/conversations/k-1?tab=notes&x=\u00e9",
            null);
    assertTrue(store.append(why));
    store.append(item("n2", "alice", T0.plusSeconds(1)));
    assertEquals(why, store.find("alice", "w1").orElseThrow(), "every field back as appended");
    assertEquals(2, store.unseenCount("alice"));
    assertEquals(2, store.unreadCount("alice"));

    // The panel listed them: seen, still unread (the badge counts unread).
    assertEquals(2, store.markSeen("alice", InboxFilter.ALL));
    assertEquals(0, store.markSeen("alice", InboxFilter.ALL), "seen once");
    assertEquals(0, store.unseenCount("alice"));
    assertEquals(2, store.unreadCount("alice"));
    InboxItem seen = store.find("alice", "w1").orElseThrow();
    assertTrue(seen.seen());
    assertFalse(seen.read());
    assertEquals(why.reason(), seen.reason());
    assertEquals(why.link(), seen.link());

    // Archived: read and seen, out of the panel and the badge, in the archive.
    assertEquals(1, store.archive("alice", InboxFilter.ofIds("w1")));
    assertEquals(0, store.archive("alice", InboxFilter.ofIds("w1")), "archived once");
    InboxItem archived = store.find("alice", "w1").orElseThrow();
    assertTrue(archived.archived() && archived.read() && archived.seen());
    assertEquals(1, store.unreadCount("alice"));
    assertEquals(List.of("n2"), ids(store.unreadPage("alice", 0, 10)));
    assertEquals(List.of("w1"), ids(store.archivedPage("alice", 0, 10)));
    assertEquals(List.of("n2", "w1"), ids(store.page("alice", 0, 10)), "page lists every item");

    // Reading one marks it seen too; a new item is unseen.
    store.append(item("n3", "alice", T0.plusSeconds(2)));
    assertTrue(store.markRead("alice", "n3"));
    assertTrue(store.find("alice", "n3").orElseThrow().seen());
    assertEquals(0, store.unseenCount("alice"));
  }

  @Test
  void aSnoozedItem_leavesThePanelAndBadge_andWakesOnlyAtItsOwnInstant() {
    Instant until = T0.plusSeconds(3600).plusNanos(123_456_789); // kept to the nanosecond
    store.append(item("n1", "alice", T0));
    store.append(item("n2", "alice", T0.plusSeconds(1)));
    store.append(item("b1", "bob", T0));

    assertEquals(1, store.snooze("alice", InboxFilter.ofIds("n1", "b1", "nope"), until));
    InboxItem snoozed = store.find("alice", "n1").orElseThrow();
    assertEquals(until, snoozed.snoozedUntil(), "the instant, exactly");
    assertTrue(snoozed.read() && snoozed.seen() && !snoozed.archived());
    assertEquals(1, store.unreadCount("alice"), "off the badge");
    assertEquals(List.of("n2"), ids(store.unreadPage("alice", 0, 10)), "off the panel");
    assertEquals(List.of("n1"), ids(store.snoozedPage("alice", 0, 10)));
    assertFalse(store.find("bob", "b1").orElseThrow().snoozedUntilIfAny().isPresent(), "not bob's");
    assertEquals(0, store.snooze("alice", InboxFilter.ofIds("n1"), until), "snoozed once");

    // Snoozed again, later: the first instant's wake-up changes nothing.
    Instant later = until.plusSeconds(60);
    assertEquals(1, store.snooze("alice", InboxFilter.ofIds("n1"), later));
    assertTrue(store.wake("alice", "n1", until).isEmpty(), "a stale wake-up");
    assertTrue(store.wake("bob", "n1", later).isEmpty(), "someone else's");
    InboxItem awake = store.wake("alice", "n1", later).orElseThrow();
    assertFalse(awake.read() || awake.seen() || awake.snoozedUntilIfAny().isPresent());
    assertEquals(awake, store.find("alice", "n1").orElseThrow(), "wake answers the stored item");
    assertTrue(store.wake("alice", "n1", later).isEmpty(), "woken once");
    assertEquals(2, store.unreadCount("alice"), "back on the badge");
    assertEquals(2, store.unseenCount("alice"));
    assertEquals(List.of(), store.snoozedPage("alice", 0, 10));

    // Archiving ends a snooze, and an archived item cannot be snoozed.
    store.snooze("alice", InboxFilter.ofIds("n2"), until);
    assertEquals(1, store.archive("alice", InboxFilter.ofIds("n2")));
    assertFalse(store.find("alice", "n2").orElseThrow().snoozedUntilIfAny().isPresent());
    assertTrue(store.wake("alice", "n2", until).isEmpty(), "an archived item stays archived");
    assertEquals(0, store.snooze("alice", InboxFilter.ofIds("n2"), later));
  }

  @Test
  void snoozedItems_arePagedSoonestBackFirst() {
    for (int i = 1; i <= 3; i++) {
      store.append(item("n" + i, "alice", T0.plusSeconds(i)));
    }
    store.snooze("alice", InboxFilter.ofIds("n1"), T0.plusSeconds(300));
    store.snooze("alice", InboxFilter.ofIds("n2"), T0.plusSeconds(100));
    store.snooze("alice", InboxFilter.ofIds("n3"), T0.plusSeconds(200));
    assertEquals(List.of("n2", "n3"), ids(store.snoozedPage("alice", 0, 2)));
    assertEquals(List.of("n1"), ids(store.snoozedPage("alice", 2, 2)));
    assertEquals(
        new InboxItem("n2", "alice", "a-n2", "note.added", "text n2", T0.plusSeconds(2), true)
            .asSnoozed(T0.plusSeconds(100)),
        store.snoozedPage("alice", 0, 1).get(0),
        "every field back");
  }

  @Test
  void bulkChanges_touchOnlyWhatTheFilterMatches_ofThatUser() {
    store.append(item("n1", "alice", T0));
    store.append(
        new InboxItem("m1", "alice", "a-m1", "note.mentioned", "m", T0.plusSeconds(1), false));
    store.append(item("n2", "alice", T0.plusSeconds(2)));
    store.append(item("b1", "bob", T0));

    assertEquals(
        1,
        store.markRead("alice", InboxFilter.ALL.options(List.of("note.mentioned"))),
        "one tab's Mark All Read");
    assertEquals(List.of("n2", "n1"), ids(store.unreadPage("alice", 0, 10)));
    assertEquals(
        1, store.markSeen("alice", InboxFilter.ALL.before(T0.plusSeconds(2))), "m1 is seen");
    assertEquals(1, store.unseenCount("alice"));
    assertEquals(
        1, store.archive("alice", InboxFilter.ofIds("n1", "b1", "nope")), "not bob's, not none");
    assertFalse(store.find("bob", "b1").orElseThrow().archived());
    assertEquals(List.of("n1"), ids(store.archivedPage("alice", 0, 10)));
    assertEquals(List.of(), store.archivedPage("bob", 0, 10));
    assertEquals(1, store.markAllRead("alice"));
    assertEquals(0, store.unreadCount("alice"));
    assertEquals(1, store.unreadCount("bob"));
    assertEquals(1, store.unseenCount("bob"));
    assertEquals(2, store.archive("alice", InboxFilter.ALL));
    assertEquals(
        List.of("n2", "m1"), ids(store.archivedPage("alice", 0, 2)), "newest first, paged");
    assertEquals(List.of("n1"), ids(store.archivedPage("alice", 2, 2)));
  }

  @Test
  void aTabOfTheUnreadPanel_isPagedByItsOptions() {
    store.append(item("n1", "alice", T0));
    store.append(
        new InboxItem("u1", "alice", "a-u1", "app.updated", "u", T0.plusSeconds(1), false));
    store.append(item("n2", "alice", T0.plusSeconds(2)));
    store.append(
        new InboxItem("u2", "alice", "a-u2", "app.updated", "u", T0.plusSeconds(3), false));
    store.append(item("n3", "alice", T0.plusSeconds(4)));
    store.markRead("alice", "n2");
    InboxFilter timeline = InboxFilter.ALL.options(List.of("note.added"));
    assertEquals(List.of("n3", "n1"), ids(store.unreadPage("alice", timeline, 0, 10)));
    assertEquals(List.of("n3"), ids(store.unreadPage("alice", timeline, 0, 1)));
    assertEquals(List.of("n1"), ids(store.unreadPage("alice", timeline, 1, 1)));
    assertEquals(
        List.of("u2", "u1"),
        ids(store.unreadPage("alice", InboxFilter.ALL.options(List.of("app.updated")), 0, 10)));
    assertEquals(
        List.of("u1"),
        ids(
            store.unreadPage(
                "alice",
                InboxFilter.ALL.before(T0.plusSeconds(2)).options(List.of("app.updated")),
                0,
                10)));
    assertEquals(List.of(), store.unreadPage("bob", timeline, 0, 10));
    assertEquals(
        1,
        store.markRead(
            "alice", InboxFilter.ALL.options(List.of("app.updated")).before(T0.plusSeconds(2))));
    assertEquals(List.of("n3", "u2", "n1"), ids(store.unreadPage("alice", InboxFilter.ALL, 0, 10)));
  }

  private static List<String> ids(List<InboxItem> items) {
    return items.stream().map(InboxItem::id).toList();
  }
}
