package dev.notify.spi;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

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

  /**
   * An observer that tells each of {@code observers}, in order, every event; one that throws does
   * not keep the others from hearing it.
   *
   * @since 0.3.0
   */
  static DeliveryObserver all(List<DeliveryObserver> observers) {
    List<DeliveryObserver> all = List.copyOf(observers);
    return new DeliveryObserver() {
      private void each(Consumer<DeliveryObserver> event) {
        RuntimeException first = null;
        for (DeliveryObserver o : all) {
          try {
            event.accept(o);
          } catch (RuntimeException e) {
            if (first == null) {
              first = e;
            } else {
              first.addSuppressed(e);
            }
          }
        }
        if (first != null) {
          throw first; // the runner logs and ignores it, as for one observer
        }
      }

      @Override
      public void sent(Delivery delivery) {
        each(o -> o.sent(delivery));
      }

      @Override
      public void digestSent(Digest digest) {
        each(o -> o.digestSent(digest));
      }

      @Override
      public void readInTime(Delivery delivery) {
        each(o -> o.readInTime(delivery));
      }

      @Override
      public void throttled(Delivery delivery) {
        each(o -> o.throttled(delivery));
      }

      @Override
      public void retried(Delivery delivery, int attempt, Instant next, String error) {
        each(o -> o.retried(delivery, attempt, next, error));
      }

      @Override
      public void deadLettered(
          Delivery delivery, TransportException.Kind kind, String message, int attempts) {
        each(o -> o.deadLettered(delivery, kind, message, attempts));
      }
    };
  }

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
