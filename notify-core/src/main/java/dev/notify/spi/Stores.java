package dev.notify.spi;

import dev.notify.catalog.Catalog;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The stores a notifier keeps its state in, given in one call ({@code
 * Notifier.builder().stores(stores)}): settings, inbox, outbox, action log, digest book, timings
 * and presence, all from one place (a database's, or the in-memory ones), so none is left at an
 * in-memory default beside a durable outbox.
 *
 * <p><b>Threading:</b> the accessors return the same stores on every call and are thread-safe; each
 * store's own javadoc states its threading, blocking and failures.
 *
 * @since 0.3.0
 */
public interface Stores {
  /** The settings store. */
  SettingsStore settings();

  /** The inbox. */
  InboxStore inbox();

  /** The outbox. */
  Outbox outbox();

  /** The action log. */
  ActionLog actions();

  /** The digest book. */
  DigestBook digests();

  /**
   * Users' timings, read when the host gives no {@code TimingProvider}.
   *
   * @since 0.3.0
   */
  TimingStore timings();

  /** The presence of users, as these stores know it. */
  PresenceProvider presence();

  /**
   * Runs {@code work} — one publish's reads and writes in these stores — as one unit: a database's
   * stores run it in one transaction on one connection (one commit instead of one per store call,
   * and the in-app items, the outbox entries and the action's record commit or roll back together);
   * inside a transaction the host already holds, they join it. The default runs {@code work} as it
   * is (the in-memory stores: each call is atomic on its own).
   *
   * <p><b>Threading:</b> on the calling thread, which {@code work} must not leave for the stores.
   * <b>Blocking:</b> as the stores do. <b>Failures:</b> an exception of {@code work} rolls the unit
   * back and is rethrown; a failed commit throws the stores' exception, and then nothing of {@code
   * work} was kept.
   *
   * @since 0.3.0
   */
  default <T> T atomically(Supplier<T> work) {
    return work.get();
  }

  /**
   * The catalog these stores read stored settings and deliveries against, when they are bound to
   * one (a database's are): the notifier refuses an engine with another catalog, naming where to
   * give it. Empty when any catalog will do.
   */
  default Optional<Catalog> catalog() {
    return Optional.empty();
  }
}
