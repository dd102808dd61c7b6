package dev.notify.spi;

import dev.notify.catalog.Medium;
import java.time.Duration;
import java.util.Optional;

/**
 * Delivers one external medium: email, or a host's own (SMS, chat webhook …). In-app notifications
 * are not a transport's: publish writes them to the inbox.
 *
 * <p><b>At least once:</b> the workers call {@link #deliver} for each outbox entry until it
 * succeeds or becomes a dead letter; after a crash between sending and completing, the same
 * delivery comes again. {@link Delivery#id()} is stable across those attempts: pass it on (as the
 * email Message-ID, an {@code Idempotency-Key} header …) so the receiver can tell a redelivery.
 *
 * <p><b>Threading:</b> {@link #deliver} is called concurrently from worker threads (never from the
 * publishing thread). <b>Blocking:</b> it may block on I/O; each attempt has a deadline (the
 * notifier's attempt timeout), after which the calling thread is interrupted and the outcome counts
 * as {@code UNKNOWN}. <b>Failures:</b> throw {@link TransportException} with {@link
 * TransportException.Kind#TRANSIENT} for a failure worth retrying (rescheduled with backoff),
 * {@link TransportException.Kind#PERMANENT} for one that is not (a dead letter), and {@link
 * TransportException.Kind#UNKNOWN} when the message may or may not have gone out (a dead letter
 * unless {@link #resendsSafely()}). Anything else thrown, an {@link Error} too, counts as
 * transient: never a loss.
 *
 * @since 0.1.0
 */
public interface Transport {
  /** The medium this transport delivers. */
  Medium medium();

  /** Delivers one notification. */
  void deliver(Delivery delivery);

  /**
   * Delivers a digest: several deliveries to one user combined into one message (a user's {@link
   * dev.notify.timeline.DigestPolicy digest}). The workers call it, at least once, like {@link
   * #deliver}, with the same deadline and the same failure kinds; {@link Digest#id()} is stable
   * across attempts.
   *
   * <p>The default has no combined form: it calls {@link #deliver} for each delivery in turn, so a
   * failure part-way makes the next attempt send the first ones again (pass {@link Delivery#id()}
   * on). A transport with a combined form (the email transport's one message listing every item)
   * overrides it.
   *
   * @since 0.2.0
   */
  default void deliverDigest(Digest digest) {
    for (Delivery d : digest.deliveries()) {
      deliver(d);
    }
  }

  /**
   * The longest one call of {@link #deliver} or {@link #deliverDigest} may take when the transport
   * gives up by itself (its connect, read and send deadlines together), or empty when it has none.
   * The notifier's attempt timeout is derived from it and may not be shorter: an attempt the
   * transport is still making must not be given up as {@code UNKNOWN}. Empty by default.
   *
   * @since 0.3.0
   */
  default Optional<Duration> deadline() {
    return Optional.empty();
  }

  /**
   * Whether sending the same delivery twice is harmless (the receiver de-duplicates by {@link
   * Delivery#id()}): then an {@code UNKNOWN} outcome is retried like a transient one instead of
   * becoming a dead letter. {@code false} by default.
   *
   * @since 0.2.0
   */
  default boolean resendsSafely() {
    return false;
  }
}
