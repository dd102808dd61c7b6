package dev.notify.jdbc;

import java.time.Instant;

/** Instants as {@code BIGINT} nanoseconds since the epoch: exact, and free of time zones. */
final class Nanos {
  private Nanos() {}

  static long of(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
