package dev.notify.spi;

import dev.notify.catalog.Medium;

/**
 * Delivers one medium: in-app (the inbox), email, or a host's own (SMS, chat webhook …).
 *
 * <p><b>Threading:</b> {@link #deliver} may be called concurrently from several publishing threads.
 * <b>Blocking:</b> it may block (network I/O) and runs on the publishing thread; bound its time
 * with timeouts. <b>Failures:</b> throw {@link TransportException} with {@link
 * TransportException.Kind#TRANSIENT} for a failure worth retrying (the pipeline retries with
 * backoff), {@link TransportException.Kind#PERMANENT} for one that is not, and {@link
 * TransportException.Kind#UNKNOWN} when the message may or may not have gone out (never resent
 * blindly). Any other unchecked exception counts as transient. A failure never blocks other
 * deliveries; what still fails is kept in the notifier's dead letters.
 *
 * @since 0.1.0
 */
public interface Transport {
  /** The medium this transport delivers. */
  Medium medium();

  /** Delivers one notification. */
  void deliver(Delivery delivery);
}
