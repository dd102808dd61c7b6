package dev.notify.memory;

import dev.notify.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that moves only when told to, for tests, demos and simulations that drive time-outs
 * ({@link SessionTracker}), retention and timestamps. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;

  /** A clock at {@code start}. */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(Checks.notNull(start, "start"));
  }

  /** Moves the clock forward (or back, with a negative duration). */
  public void advance(Duration d) {
    Checks.notNull(d, "d");
    now.updateAndGet(i -> i.plus(d));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /**
   * Not supported: the clock is UTC only.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a ManualClock is UTC only");
  }

  @Override
  public Instant instant() {
    return Checks.notNull(now.get(), "now"); // set in the constructor, never cleared
  }
}
