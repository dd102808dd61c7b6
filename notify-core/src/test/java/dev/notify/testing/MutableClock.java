package dev.notify.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A thread-safe clock that tests and demos move by hand. */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  /** A clock at 2024-05-01T09:00:00Z. */
  public MutableClock() {
    this(Instant.parse("2024-05-01T09:00:00Z"));
  }

  /** A clock at {@code start}. */
  public MutableClock(Instant start) {
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
    throw new UnsupportedOperationException("UTC only");
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
