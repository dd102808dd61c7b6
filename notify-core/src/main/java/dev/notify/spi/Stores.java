package dev.notify.spi;

import dev.notify.catalog.Catalog;
import java.util.Optional;

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
   * The catalog these stores read stored settings and deliveries against, when they are bound to
   * one (a database's are): the notifier refuses an engine with another catalog, naming where to
   * give it. Empty when any catalog will do.
   */
  default Optional<Catalog> catalog() {
    return Optional.empty();
  }
}
