package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;

/**
 * One decided delivery waiting in the {@link Outbox}: what to deliver and from when.
 *
 * @param id the delivery's stable id ({@link Delivery#id()}), unique per (action, user, medium):
 *     the entry's id and idempotency key, kept so that it is made once
 * @param delivery what to deliver
 * @param notBefore the entry is not claimed before this instant (its due time)
 * @param enqueuedAt when publish decided it
 * @since 0.2.0
 */
public record OutboxEntry(String id, Delivery delivery, Instant notBefore, Instant enqueuedAt) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException when {@code id} is not the delivery's id
   */
  public OutboxEntry {
    Checks.notNull(id, "id");
    Checks.notNull(delivery, "delivery");
    Checks.notNull(notBefore, "notBefore");
    Checks.notNull(enqueuedAt, "enqueuedAt");
    String expected = delivery.id();
    if (!id.equals(expected)) {
      throw new IllegalArgumentException(
          Checks.format(
              "id %s is not the delivery's id %s", Checks.quote(id), Checks.quote(expected)));
    }
  }

  /** The entry of {@code delivery}, due at {@code notBefore}. */
  public static OutboxEntry of(Delivery delivery, Instant notBefore, Instant enqueuedAt) {
    return new OutboxEntry(
        Checks.notNull(delivery, "delivery").id(), delivery, notBefore, enqueuedAt);
  }
}
