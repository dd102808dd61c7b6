package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.catalog.Medium;
import dev.notify.spi.DeliveryLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract of {@link DeliveryLog}; implementations' tests extend it. */
public abstract class DeliveryLogCompatibilityKit {
  /** A new, empty log. */
  protected abstract DeliveryLog createLog();

  @Test
  void claim_succeedsOncePerKey() {
    DeliveryLog log = createLog();
    assertTrue(log.claim("a1", "alice", Medium.IN_APP));
    assertFalse(log.claim("a1", "alice", Medium.IN_APP));
    assertTrue(log.claim("a1", "alice", Medium.EMAIL));
    assertTrue(log.claim("a1", "bob", Medium.IN_APP));
    assertTrue(log.claim("a2", "alice", Medium.IN_APP));
    assertFalse(log.claim("a2", "alice", Medium.IN_APP));
  }

  @Test
  void forAction_sharesTheClaimsOfClaim() {
    DeliveryLog log = createLog();
    DeliveryLog.Claims a1 = log.forAction("a1");
    assertTrue(a1.claim("alice", Medium.IN_APP));
    assertFalse(log.claim("a1", "alice", Medium.IN_APP));
    assertTrue(log.claim("a1", "bob", Medium.EMAIL));
    assertFalse(log.forAction("a1").claim("bob", Medium.EMAIL));
    assertTrue(log.forAction("a2").claim("bob", Medium.EMAIL));
    for (int i = 0; i < 1000; i++) {
      assertTrue(a1.claim("user-" + i, Medium.IN_APP));
    }
    for (int i = 0; i < 1000; i++) {
      String user = "user-" + i;
      assertFalse(a1.claim(user, Medium.IN_APP), user);
    }
  }

  @Test
  void concurrentClaims_exactlyOneWins() throws Exception {
    DeliveryLog log = createLog();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      fs.add(
          pool.submit(
              () -> {
                start.await();
                int wins = 0;
                for (int i = 0; i < 500; i++) {
                  boolean won =
                      i % 3 == 0
                          ? log.forAction("a" + (i % 7))
                              .claim("u" + i, i % 2 == 0 ? Medium.IN_APP : Medium.EMAIL)
                          : log.claim(
                              "a" + (i % 7), "u" + i, i % 2 == 0 ? Medium.IN_APP : Medium.EMAIL);
                  if (won) {
                    wins++;
                  }
                }
                return wins;
              }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : fs) {
      total += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(500, total);
  }
}
