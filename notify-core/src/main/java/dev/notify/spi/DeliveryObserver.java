package dev.notify.spi;

import java.time.Instant;

/**
 * Told what became of each queued delivery, for the host's logs, audit trail or screens: sent
 * (alone or in a digest), held back by a throttle, not sent because its {@code IF_UNREAD} in-app
 * notification was read in time, retried, or made a dead letter. Every method has an empty default:
 * implement what you need.
 *
 * <p>Each event is told once the outbox has recorded it (a completion, a reschedule, a dead
 * letter), so an event is never told of something that did not stick; a delivery sent again after a
 * crash is told once, when its completion sticks.
 *
 * <p><b>Threading:</b> called on the workers' threads, possibly concurrently. <b>Blocking:</b> must
 * not block for long (it holds up the worker's batch). <b>Failures:</b> an exception is ignored: it
 * never changes what was delivered or recorded.
 *
 * @since 0.2.0
 */
public interface DeliveryObserver {
  /** An observer that is told nothing. */
  DeliveryObserver NONE = new DeliveryObserver() {};

  /** The transport took {@code delivery}, by itself. */
  default void sent(Delivery delivery) {}

  /** The transport took {@code digest}: one message for all its deliveries. */
  default void digestSent(Digest digest) {}

  /**
   * {@code delivery}, an {@code IF_UNREAD} email, is not sent: its user read the in-app
   * notification of the same action before the unread delay ended.
   */
  default void readInTime(Delivery delivery) {}

  /**
   * {@code delivery} was held back by its user's throttle (more external deliveries of its medium
   * in a window than the throttle lets through): it is not sent by itself but in the throttle's
   * digest, when the window ends ({@link #digestSent} tells when it goes, with {@link
   * Digest#throttled()} true).
   *
   * @since 0.3.0
   */
  default void throttled(Delivery delivery) {}

  /**
   * An attempt failed and is tried again from {@code next}; for a digest, {@code delivery} is its
   * sender's and {@code error} says "digest of N".
   *
   * @param attempt the attempt that failed, 1 for the first
   */
  default void retried(Delivery delivery, int attempt, Instant next, String error) {}

  /**
   * {@code delivery} became a dead letter (list and redrive it through the notifier); for a digest,
   * its sender's, with "digest of N" in {@code message}.
   */
  default void deadLettered(
      Delivery delivery, TransportException.Kind kind, String message, int attempts) {}
}
