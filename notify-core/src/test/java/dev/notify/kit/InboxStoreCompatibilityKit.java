package dev.notify.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    assertThat(store.append(item("n1", "alice", T0))).isTrue();
    assertThat(store.append(item("n1", "alice", T0.plusSeconds(5)))).isFalse();
    assertThat(store.unreadCount("alice")).isEqualTo(1);
    assertThat(store.page("alice", 0, 10)).extracting(InboxItem::createdAt).containsExactly(T0);
  }

  @Test
  void page_isNewestFirstAndPaged() {
    for (int i = 0; i < 5; i++) {
      store.append(item("n" + i, "alice", T0.plusSeconds(i)));
    }
    store.append(item("x", "bob", T0));
    assertThat(store.page("alice", 0, 2)).extracting(InboxItem::id).containsExactly("n4", "n3");
    assertThat(store.page("alice", 2, 2)).extracting(InboxItem::id).containsExactly("n2", "n1");
    assertThat(store.page("alice", 4, 2)).extracting(InboxItem::id).containsExactly("n0");
    assertThat(store.page("alice", 9, 2)).isEmpty();
    assertThat(store.page("nobody", 0, 2)).isEmpty();
  }

  @Test
  void page_rejectsBadBounds() {
    assertThatThrownBy(() -> store.page("alice", -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> store.page("alice", 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }

  @Test
  void badge_countsUnreadAndMarkReadOnlyTouchesTheOwnersItem() {
    store.append(item("n1", "alice", T0));
    store.append(item("n2", "alice", T0.plusSeconds(1)));
    store.append(item("b1", "bob", T0));
    assertThat(store.unreadCount("alice")).isEqualTo(2);
    assertThat(store.markRead("bob", "n1")).isFalse(); // not bob's
    assertThat(store.unreadCount("alice")).isEqualTo(2);
    assertThat(store.markRead("alice", "n1")).isTrue();
    assertThat(store.markRead("alice", "n1")).isFalse(); // already read
    assertThat(store.markRead("alice", "missing")).isFalse();
    assertThat(store.unreadCount("alice")).isEqualTo(1);
    assertThat(store.page("alice", 0, 10))
        .filteredOn(InboxItem::read)
        .extracting(InboxItem::id)
        .containsExactly("n1");
  }

  @Test
  void markAllRead_clearsTheBadge() {
    store.append(item("n1", "alice", T0));
    store.append(item("n2", "alice", T0.plusSeconds(1)));
    store.markRead("alice", "n1");
    store.append(item("b1", "bob", T0));
    assertThat(store.markAllRead("alice")).isEqualTo(1);
    assertThat(store.unreadCount("alice")).isZero();
    assertThat(store.unreadCount("bob")).isEqualTo(1);
    assertThat(store.page("alice", 0, 10)).allMatch(InboxItem::read);
    assertThat(store.markAllRead("nobody")).isZero();
  }

  @Test
  void deleteCreatedBefore_removesOldReadAndUnreadItems() {
    store.append(item("old-unread", "alice", T0));
    store.append(item("old-read", "alice", T0.plusSeconds(1)));
    store.markRead("alice", "old-read");
    store.append(item("new", "alice", T0.plusSeconds(3600)));
    assertThat(store.deleteCreatedBefore(T0.plusSeconds(60))).isEqualTo(2);
    assertThat(store.page("alice", 0, 10)).extracting(InboxItem::id).containsExactly("new");
    assertThat(store.unreadCount("alice")).isEqualTo(1);
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
      f.get(60, TimeUnit.SECONDS);
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
      assertThat(store.unreadCount("u" + u)).isEqualTo(all.stream().filter(i -> !i.read()).count());
    }
    assertThat(total).isEqualTo(threads * perThread);
  }
}
