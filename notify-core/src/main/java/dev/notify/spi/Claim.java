package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;

/**
 * An outbox entry held by one worker until its lease ends.
 *
 * @param entry the entry
 * @param workerId the worker that holds it
 * @param attempts the delivery attempts made before this claim (0 for a new entry)
 * @param leaseUntil when the lease ends; after it another worker may claim the entry
 * @since 0.2.0
 */
public record Claim(OutboxEntry entry, String workerId, int attempts, Instant leaseUntil) {
  /** Validates. */
  public Claim {
    Checks.notNull(entry, "entry");
    Checks.text(workerId, "workerId");
    Checks.argument(attempts >= 0, "attempts must not be negative, got %s", attempts);
    Checks.notNull(leaseUntil, "leaseUntil");
  }

  /** The entry's id. */
  public String id() {
    return entry.id();
  }
}
