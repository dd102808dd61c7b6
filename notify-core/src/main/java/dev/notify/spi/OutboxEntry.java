package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;

/**
 * One decided delivery waiting in the {@link Outbox}: what to deliver and from when.
 *
 * @param delivery what to deliver; its {@link Delivery#id()} is the entry's id and idempotency key
 * @param notBefore the entry is not claimed before this instant (its due time)
 * @param enqueuedAt when publish decided it
 * @since 0.2.0
 */
public record OutboxEntry(Delivery delivery, Instant notBefore, Instant enqueuedAt) {
  /** Validates. */
  public OutboxEntry {
    Checks.notNull(delivery, "delivery");
    Checks.notNull(notBefore, "notBefore");
    Checks.notNull(enqueuedAt, "enqueuedAt");
  }

  /** The entry's id: the delivery's stable id, unique per (action, user, medium). */
  public String id() {
    return delivery.id();
  }
}
