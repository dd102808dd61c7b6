package dev.notify.spi;

/**
 * Remembers which deliveries were already made, so that publishing an action twice delivers
 * nothing the second time. A delivery key is {@code actionId/userId/medium}.
 *
 * <p><b>Threading:</b> {@link #claim} must be atomic: of two concurrent claims of one key exactly
 * one wins. <b>Blocking:</b> may block; runs on the publishing thread once per delivery.
 * <b>Failures:</b> an unchecked exception fails that delivery, which is recorded as failed.
 *
 * @since 0.1.0
 */
public interface DeliveryLog {
  /**
   * Claims a delivery key.
   *
   * @return {@code true} when this call claimed it, {@code false} when it was claimed before
   */
  boolean claim(String deliveryKey);
}
