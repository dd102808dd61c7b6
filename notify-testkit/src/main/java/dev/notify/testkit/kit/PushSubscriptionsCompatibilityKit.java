package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.spi.PushSubscription;
import dev.notify.spi.PushSubscriptions;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PushSubscriptions}: every implementation's test extends this class and
 * returns a fresh, empty store from {@link #createStore()}.
 */
public abstract class PushSubscriptionsCompatibilityKit {
  protected static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  protected PushSubscriptions store;

  /** A new, empty store. */
  protected abstract PushSubscriptions createStore();

  @BeforeEach
  void setUpStore() {
    store = createStore();
  }

  /** A subscription of {@code user} at {@code endpoint}, its keys made from {@code seed}. */
  protected static PushSubscription subscription(
      String user, String endpoint, int seed, Instant at) {
    byte[] key = new byte[65];
    key[0] = 4;
    for (int i = 1; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i);
    }
    byte[] auth = new byte[16];
    for (int i = 0; i < auth.length; i++) {
      auth[i] = (byte) (seed + i);
    }
    return new PushSubscription(user, URI.create(endpoint), key, auth, at);
  }

  @Test
  void aUsersSubscriptions_areListedOldestFirst_everyFieldKept() {
    PushSubscription phone =
        subscription("alice", "https://push.example/p/1", 1, T0.plusSeconds(5));
    PushSubscription laptop = subscription("alice", "https://push.example/p/2?x=%20", 2, T0);
    store.subscribe(phone);
    store.subscribe(laptop);
    store.subscribe(subscription("bob", "https://push.example/p/3", 3, T0));
    assertEquals(List.of(laptop, phone), store.of("alice"));
    assertEquals(List.of(), store.of("carol"));
  }

  @Test
  void subscribingAnEndpointAgain_replacesIt_evenForAnotherUser() {
    store.subscribe(subscription("alice", "https://push.example/p/1", 1, T0));
    PushSubscription rekeyed =
        subscription("alice", "https://push.example/p/1", 9, T0.plusSeconds(1));
    store.subscribe(rekeyed);
    assertEquals(List.of(rekeyed), store.of("alice"));
    PushSubscription handedOver =
        subscription("bob", "https://push.example/p/1", 9, T0.plusSeconds(2));
    store.subscribe(handedOver);
    assertEquals(List.of(), store.of("alice"));
    assertEquals(List.of(handedOver), store.of("bob"));
  }

  @Test
  void unsubscribe_removesOnlyTheUsersOwn_removeAnyones() {
    URI endpoint = URI.create("https://push.example/p/1");
    store.subscribe(subscription("alice", endpoint.toString(), 1, T0));
    assertFalse(store.unsubscribe("bob", endpoint), "not bob's");
    assertTrue(store.unsubscribe("alice", endpoint));
    assertFalse(store.unsubscribe("alice", endpoint), "gone already");
    store.subscribe(subscription("alice", endpoint.toString(), 1, T0));
    assertTrue(store.remove(endpoint), "the push service said it is gone");
    assertFalse(store.remove(endpoint));
    assertEquals(List.of(), store.of("alice"));
  }

  @Test
  void aUserKeepsAtMostTheCap_theOldestGoing() {
    for (int i = 0; i <= PushSubscriptions.MAX_PER_USER; i++) {
      store.subscribe(subscription("alice", "https://push.example/p/" + i, i, T0.plusSeconds(i)));
    }
    List<PushSubscription> kept = store.of("alice");
    assertEquals(PushSubscriptions.MAX_PER_USER, kept.size());
    assertEquals(URI.create("https://push.example/p/1"), kept.get(0).endpoint(), "p/0 went");
  }

  @Test
  void concurrentSubscriptionsOfOneEndpoint_keepOne() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        all.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    store.subscribe(subscription("alice", "https://push.example/same", seed, T0));
                  }
                }));
      }
      for (Future<?> f : all) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, store.of("alice").size());
  }
}
