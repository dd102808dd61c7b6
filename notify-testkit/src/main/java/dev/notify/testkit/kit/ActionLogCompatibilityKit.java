package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.spi.ActionLog;
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
 * The contract of {@link ActionLog}; implementations' tests extend it and return a new, empty log.
 *
 * @since 0.2.0
 */
public abstract class ActionLogCompatibilityKit {
  /** The first instant of every case. */
  protected static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  /** The log under test, made new for each case. */
  protected ActionLog log;

  /** A new, empty log. */
  protected abstract ActionLog createLog();

  @BeforeEach
  void setUpLog() {
    log = createLog();
  }

  @Test
  void theFirstFingerprintOfAnId_wins_andIsGivenBack() {
    assertEquals(Optional.empty(), log.recordIfAbsent("a1", "assigned k1 to carol", T0));
    assertEquals(
        Optional.of("assigned k1 to carol"), log.recordIfAbsent("a1", "assigned k2 to bob", T0));
    assertEquals(
        Optional.of("assigned k1 to carol"),
        log.recordIfAbsent("a1", "assigned k1 to carol", T0.plusSeconds(5)));
    assertEquals(Optional.empty(), log.recordIfAbsent("a2", "assigned k2 to bob", T0));
  }

  @SuppressWarnings("NullAway") // passes null on purpose: the SPI must refuse it
  @Test
  void oddIdsAndLongFingerprints_areKeptExactly() {
    String id = "o'brien \"\\ ; -- é😀/%2F {a,b}";
    String fingerprint = "\"x\" ".repeat(2_500);
    log.recordIfAbsent(id, fingerprint, T0);
    assertEquals(Optional.of(fingerprint), log.recordIfAbsent(id, "other", T0));
    assertThrows(NullPointerException.class, () -> log.recordIfAbsent("a", null, T0));
  }

  @Test
  void forgetBefore_dropsOnlyOlderIds() {
    log.recordIfAbsent("old", "first", T0);
    log.recordIfAbsent("new", "second", T0.plusSeconds(60));
    assertEquals(1, log.forgetBefore(T0.plusSeconds(30)));
    assertEquals(Optional.empty(), log.recordIfAbsent("old", "reused after retention", T0));
    assertEquals(Optional.of("second"), log.recordIfAbsent("new", "other", T0));
  }

  @Test
  void concurrentRecordsOfOneId_haveExactlyOneWinner() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Optional<String>>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      String mine = "fingerprint " + i;
      results.add(
          pool.submit(
              () -> {
                start.await();
                return log.recordIfAbsent("contested", mine, T0);
              }));
    }
    start.countDown();
    int winners = 0;
    List<String> seen = new ArrayList<>();
    for (Future<Optional<String>> f : results) {
      Optional<String> r = f.get(30, TimeUnit.SECONDS);
      if (r.isEmpty()) {
        winners++;
      } else {
        seen.add(r.get());
      }
    }
    pool.shutdown();
    assertEquals(1, winners, "one record wins");
    Optional<String> winner = log.recordIfAbsent("contested", "late", T0);
    assertTrue(winner.isPresent());
    for (String s : seen) {
      assertEquals(winner.get(), s, "every loser is told the winner's fingerprint");
    }
  }
}
