package dev.notify.examples.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The demo's clock: the day advances when the script says so. Thread-safe. */
public final class DemoClock extends Clock {
  private final AtomicReference<Instant> now;

  /** A clock at {@code start}. */
  public DemoClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** Moves the clock forward. */
  public void advance(Duration d) {
    now.updateAndGet(i -> i.plus(d));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the demo clock is UTC");
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
