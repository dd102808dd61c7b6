package dev.notify.pipeline;

import java.time.Duration;

/**
 * Waits between retries. The default sleeps the thread; tests and simulations pass their own.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps the calling thread. */
  Sleeper THREAD = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  /**
   * Waits for {@code duration}.
   *
   * @throws InterruptedException when the thread is interrupted; the retry stops and the delivery
   *     is recorded as failed
   */
  void sleep(Duration duration) throws InterruptedException;
}
