package dev.notify.memory;

import dev.notify.catalog.Presence;
import dev.notify.internal.Checks;
import dev.notify.spi.ActionLog;
import dev.notify.spi.DigestBook;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.PresenceProvider;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.Stores;
import dev.notify.spi.TimingStore;

/**
 * Every store in memory, for tests, demos and single-process hosts that accept losing their state
 * with the process: a notifier's default. Thread-safe, like each store.
 *
 * @since 0.3.0
 */
public final class InMemoryStores implements Stores {
  private final SettingsStore settings = new InMemorySettingsStore();
  private final InboxStore inbox = new InMemoryInboxStore();
  private final Outbox outbox = new InMemoryOutbox();
  private final ActionLog actions = new InMemoryActionLog();
  private final DigestBook digests = new InMemoryDigestBook();
  private final TimingStore timings = new InMemoryTimingStore();
  private final PresenceProvider presence;

  /** New, empty stores in which every user is logged out. */
  public InMemoryStores() {
    this(user -> Presence.LOGGED_OUT);
  }

  /** New, empty stores with {@code presence} (a {@link SessionTracker}, say). */
  public InMemoryStores(PresenceProvider presence) {
    this.presence = Checks.notNull(presence, "presence");
  }

  @Override
  public SettingsStore settings() {
    return settings;
  }

  @Override
  public InboxStore inbox() {
    return inbox;
  }

  @Override
  public Outbox outbox() {
    return outbox;
  }

  @Override
  public ActionLog actions() {
    return actions;
  }

  @Override
  public DigestBook digests() {
    return digests;
  }

  @Override
  public TimingStore timings() {
    return timings;
  }

  @Override
  public PresenceProvider presence() {
    return presence;
  }
}
