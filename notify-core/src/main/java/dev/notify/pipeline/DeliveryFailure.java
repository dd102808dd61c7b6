package dev.notify.pipeline;

import dev.notify.internal.Checks;
import dev.notify.spi.Delivery;
import dev.notify.spi.TransportException;
import java.time.Instant;

/**
 * A delivery that still failed after its retries: kept as a dead letter that the host can read and
 * re-drive, never dropped.
 *
 * @param delivery what was to be delivered
 * @param kind whether the last failure was transient, permanent or of unknown outcome
 * @param message the last failure's message
 * @param attempts how many attempts were made
 * @param failedAt when the last attempt failed
 * @since 0.1.0
 */
public record DeliveryFailure(
    Delivery delivery,
    TransportException.Kind kind,
    String message,
    int attempts,
    Instant failedAt) {
  /** Validates. */
  public DeliveryFailure {
    Checks.notNull(delivery, "delivery");
    Checks.notNull(kind, "kind");
    Checks.notNull(message, "message");
    Checks.argument(attempts >= 0, "attempts must not be negative, got %d", attempts);
    Checks.notNull(failedAt, "failedAt");
  }
}
