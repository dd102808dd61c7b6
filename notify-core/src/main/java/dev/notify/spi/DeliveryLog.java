package dev.notify.spi;

import dev.notify.catalog.Medium;
import java.util.List;

/**
 * Remembers which deliveries were already made, so that publishing an action twice delivers nothing
 * the second time. A delivery is identified by (action id, user id, medium).
 *
 * <p><b>Threading:</b> {@link #claim} must be atomic: of two concurrent claims of one delivery
 * exactly one wins. <b>Blocking:</b> may block; the pipeline calls {@link #forAction} once per
 * publish and then {@link Claims#claimAll} once with every delivery it decided, on the publishing
 * thread; the defaults turn that into one {@link #claim} per delivery, so an implementation that
 * can claim a batch in one round trip should override them. <b>Failures:</b> an unchecked exception
 * fails the publish's claims, and the deliveries are recorded as failed.
 *
 * @since 0.1.0
 */
public interface DeliveryLog {
  /**
   * Claims a delivery.
   *
   * @return {@code true} when this call claimed it, {@code false} when it was claimed before
   */
  boolean claim(String actionId, String userId, Medium medium);

  /**
   * The claims of one action, for the many claims of one publish. The default delegates to {@link
   * #claim(String, String, Medium)}; an implementation that groups by action returns its group, so
   * a fan-out looks the action up once instead of once per delivery.
   */
  default Claims forAction(String actionId) {
    return (userId, medium) -> claim(actionId, userId, medium);
  }

  /**
   * The claims of one action. Same contract as {@link DeliveryLog#claim}; safe to use from the
   * thread that obtained it (implementations may allow more).
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  interface Claims {
    /** Claims the delivery of this action to {@code userId} over {@code medium}. */
    boolean claim(String userId, Medium medium);

    /**
     * Claims many deliveries of this action at once, as a publish does after deciding for its whole
     * audience. The default claims them one by one; an implementation may claim them in one round
     * trip or under one lock.
     *
     * @return for each delivery, in order, whether this call claimed it
     */
    default boolean[] claimAll(List<Delivery> deliveries) {
      boolean[] won = new boolean[deliveries.size()];
      for (int i = 0; i < won.length; i++) {
        Delivery d = deliveries.get(i);
        won[i] = claim(d.recipient().id(), d.medium());
      }
      return won;
    }
  }
}
