package dev.notify.kit;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(log.claim("a1/alice/in_app")).isTrue();
    assertThat(log.claim("a1/alice/in_app")).isFalse();
    assertThat(log.claim("a1/alice/email")).isTrue();
  }

  @Test
  void concurrentClaims_exactlyOneWins() throws Exception {
    DeliveryLog log = createLog();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      fs.add(pool.submit(() -> {
        start.await();
        int wins = 0;
        for (int i = 0; i < 500; i++) {
          if (log.claim("k" + i)) {
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
    assertThat(total).isEqualTo(500);
  }
}
