package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;

/**
 * An outbox entry held by one worker until its lease ends.
 *
 * @param entry the entry, its {@code notBefore} the instant it is due for this claim (its first due
 *     instant, or what a reschedule or deferral set)
 * @param workerId the worker that holds it
 * @param attempts the delivery attempts made before this claim (0 for a new entry)
 * @param leaseUntil when the lease ends; after it another worker may claim the entry
 * @param deferred whether a worker {@linkplain Outbox#defer deferred} the entry, or a host
 *     {@linkplain DeadLetters#redrive redrove} it, since it was enqueued (the workers use it to
 *     make the checks of an entry's first claim once)
 * @since 0.2.0
 */
public record Claim(
    OutboxEntry entry, String workerId, int attempts, Instant leaseUntil, boolean deferred) {
  /** Validates. */
  public Claim {
    Checks.notNull(entry, "entry");
    Checks.text(workerId, "workerId");
    Checks.argument(attempts >= 0, "attempts must not be negative, got %s", attempts);
    Checks.notNull(leaseUntil, "leaseUntil");
  }

  /** A claim of an entry no worker deferred. */
  public Claim(OutboxEntry entry, String workerId, int attempts, Instant leaseUntil) {
    this(entry, workerId, attempts, leaseUntil, false);
  }

  /** Whether this is the entry's first claim that counts: never attempted, never deferred. */
  public boolean fresh() {
    return attempts == 0 && !deferred;
  }

  /** The entry's id. */
  public String id() {
    return entry.id();
  }
}
