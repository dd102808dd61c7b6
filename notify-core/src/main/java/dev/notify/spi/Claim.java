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
 * @param claimedBefore whether a worker claimed the entry before this claim (its lease ran out, it
 *     was released, deferred, rescheduled or redriven); {@code false} only when the outbox knows
 *     this is the entry's very first claim. What a worker does on a claim before it attempts (place
 *     the delivery in a digest) can only be found again for an entry claimed before, so the workers
 *     look for it only then. An outbox that cannot tell says {@code true}.
 * @since 0.2.0 ({@code claimedBefore} since 0.3.0)
 */
public record Claim(
    OutboxEntry entry,
    String workerId,
    int attempts,
    Instant leaseUntil,
    boolean deferred,
    boolean claimedBefore) {
  /** Validates. */
  public Claim {
    Checks.notNull(entry, "entry");
    Checks.text(workerId, "workerId");
    Checks.argument(attempts >= 0, "attempts must not be negative, got %s", attempts);
    Checks.notNull(leaseUntil, "leaseUntil");
  }

  /**
   * A claim by an outbox that cannot tell whether the entry was claimed before: taken as claimed
   * before, so the workers look for what an earlier claim did (the 0.2.0 constructor).
   */
  public Claim(
      OutboxEntry entry, String workerId, int attempts, Instant leaseUntil, boolean deferred) {
    this(entry, workerId, attempts, leaseUntil, deferred, true);
  }

  /**
   * A claim of an entry no worker deferred, by an outbox that cannot tell it was claimed before.
   */
  public Claim(OutboxEntry entry, String workerId, int attempts, Instant leaseUntil) {
    this(entry, workerId, attempts, leaseUntil, false, true);
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
