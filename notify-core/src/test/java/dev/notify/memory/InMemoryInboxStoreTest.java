package dev.notify.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.spi.InboxItem;
import java.time.Instant;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryInboxStoreTest {
  private static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  private static InboxItem item(String id, String user, Instant at) {
    return new InboxItem(id, user, "a", "note.added", "t", at, false);
  }

  @Test
  void markRead_racingTheFirstAppendOfANewUser_neverThrows() throws Exception {
    // Regression: markRead found the item's owner before the user's box existed (an NPE).
    CyclicBarrier start = new CyclicBarrier(2);
    for (int i = 0; i < 5_000; i++) {
      InMemoryInboxStore store = new InMemoryInboxStore();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicBoolean appended = new AtomicBoolean();
      Thread reader =
          new Thread(
              () -> {
                try {
                  start.await();
                  while (!appended.get()) {
                    store.markRead("u", "n1"); // spins across the append's two steps
                  }
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      reader.start();
      start.await();
      store.append(item("n1", "u", T0));
      appended.set(true);
      reader.join();
      assertThat(failure.get()).isNull();
      assertThat(store.unreadCount("u")).isBetween(0L, 1L);
    }
  }

  @Test
  void retention_removesThePrefixOfOldItems_andKeepsTheBadgeExact() {
    InMemoryInboxStore store = new InMemoryInboxStore();
    for (int i = 0; i < 1000; i++) {
      store.append(item("n" + i, "u", T0.plusSeconds(i)));
    }
    store.markRead("u", "n3");
    store.markRead("u", "n700");
    assertThat(store.deleteCreatedBefore(T0.plusSeconds(500))).isEqualTo(500);
    assertThat(store.unreadCount("u")).isEqualTo(499);
    assertThat(store.page("u", 0, 1000)).hasSize(500);
    assertThat(store.page("u", 499, 1).get(0).id()).isEqualTo("n500");
    // The ids of deleted items are free again.
    assertThat(store.append(item("n3", "u", T0.plusSeconds(2000)))).isTrue();
    assertThat(store.deleteCreatedBefore(T0)).isZero();
  }
}
