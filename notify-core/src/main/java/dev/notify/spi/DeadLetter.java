package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;

/**
 * A delivery that failed for good: kept, listed and redriven, never dropped.
 *
 * @param entry the entry as it was enqueued
 * @param kind why: {@code PERMANENT}, {@code TRANSIENT} past the attempt limit, or {@code UNKNOWN}
 *     (it may have been sent, so it is not resent unless an operator redrives it)
 * @param message what the transport said
 * @param attempts the attempts made
 * @param at when it became a dead letter
 * @since 0.2.0
 */
public record DeadLetter(
    OutboxEntry entry, TransportException.Kind kind, String message, int attempts, Instant at) {
  /** Validates. */
  public DeadLetter {
    Checks.notNull(entry, "entry");
    Checks.notNull(kind, "kind");
    Checks.notNull(message, "message");
    Checks.argument(attempts >= 0, "attempts must not be negative, got %s", attempts);
    Checks.notNull(at, "at");
  }

  /** The entry's id. */
  public String id() {
    return entry.id();
  }
}
