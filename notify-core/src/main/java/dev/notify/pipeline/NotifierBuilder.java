package dev.notify.pipeline;

import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.engine.DecisionEngine;
import dev.notify.internal.Checks;
import dev.notify.memory.InMemoryActionLog;
import dev.notify.memory.InMemoryDigestBook;
import dev.notify.memory.InMemoryInboxStore;
import dev.notify.memory.InMemoryOutbox;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.memory.InMemoryTimingStore;
import dev.notify.spi.ActionLog;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.DigestBook;
import dev.notify.spi.Directory;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.PresenceProvider;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.Stores;
import dev.notify.spi.TimingProvider;
import dev.notify.spi.TimingStore;
import dev.notify.spi.Transport;
import dev.notify.timeline.UserTiming;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Notifier}. Only the directory is required. Defaults: the standard engine ({@link
 * DecisionEngine#standard()}); everyone {@code LOGGED_OUT} (no presence provider); in-memory
 * settings store, inbox and outbox; no listener for in-app notifications; no transport (a medium
 * without one is reported by publish as undeliverable and not queued); {@link
 * RetryPolicy#ofDefaults()}; {@link ThreadLocalRandom} for jitter; the UTC system clock; an inbox
 * retention of 7 days, outbox entries kept as long, dead letters 30 days; attempts time out after
 * the slowest transport's deadline plus 5 s (at least 30 s), at most 64 at once; leases of three
 * attempt timeouts (at least 2 minutes); batches of 50; no automatic redrive. Not thread-safe;
 * {@link #build()} copies.
 *
 * @since 0.3.0 (before, {@code NotifierBuilder})
 */
public final class NotifierBuilder {
  /** Numbers the notifiers' attempt pools, for their threads' names. */
  private static final AtomicInteger ATTEMPT_POOLS = new AtomicInteger();

  DecisionEngine engine = DecisionEngine.standard();
  @Nullable Directory directory;
  PresenceProvider presence = user -> Presence.LOGGED_OUT;
  SettingsStore settings = new InMemorySettingsStore();
  InboxStore inbox = new InMemoryInboxStore();
  Outbox outbox = new InMemoryOutbox();
  InAppListener listener = InAppListener.NONE;
  Instrumentation instrumentation = Instrumentation.NONE;
  @Nullable Stores unit; // runs each publish as one unit (Stores#atomically)
  Function<Delivery, String> inAppReason = InAppTransport.DEFAULT_REASON;
  Function<Action, String> inAppLink = InAppTransport.NO_LINK;
  final Map<Medium, Transport> transports = new HashMap<>();
  RetryPolicy retry = RetryPolicy.ofDefaults();
  RandomGenerator random =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          return ThreadLocalRandom.current().nextLong();
        }
      };
  Clock clock = Clock.systemUTC();
  Duration inboxRetention = Duration.ofDays(7);
  @Nullable Duration attemptTimeout;
  @Nullable Duration lease;
  @Nullable Duration outboxRetention;
  Duration deadLetterRetention = Duration.ofDays(30);
  Duration historyRetention = Duration.ofDays(30);
  @Nullable Duration autoRedrive;
  int attemptThreads = 64;
  ThreadFactory attemptThreadFactory =
      new ThreadFactory() {
        private final int pool = ATTEMPT_POOLS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
          Thread t = new Thread(r, "notify-attempt-" + pool + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        }
      };
  int batchSize = 50;
  @Nullable TimingProvider timings;
  TimingStore timingStore = new InMemoryTimingStore();
  Set<String> urgent = Set.of();
  ActionLog actions = new InMemoryActionLog();
  @Nullable Set<Medium> offered;
  DigestBook digests = new InMemoryDigestBook();
  @Nullable Catalog storesCatalog;
  String storesName = "";
  boolean mixedDurability;
  DeliveryObserver observer = DeliveryObserver.NONE;
  @Nullable Webhooks webhooks;
  @Nullable String organizationId;
  @Nullable OrganizationStore organizations;

  NotifierBuilder() {}

  /**
   * Reads each user's quiet hours, unread delay, digest and throttle from the host's own {@code
   * timings} instead of notify's {@link #timingStore timing store}: for hosts that keep them
   * elsewhere. Then {@link Notifier#saveTiming} is refused (it would save where nothing reads).
   * Quiet hours hold external deliveries until the quiet time ends (never dropped); an {@code
   * IF_UNREAD} email waits for the user's unread delay (checked when it elapses, then held by quiet
   * hours); a user's digest combines their non-urgent emails (see {@link #digests}).
   *
   * @since 0.2.0
   */
  public NotifierBuilder timings(TimingProvider timings) {
    this.timings = Checks.notNull(timings, "timings");
    return this;
  }

  /**
   * Where notify keeps users' timings when the host gives no {@link #timings provider} of its own
   * (an {@link InMemoryTimingStore} by default; {@link #stores} gives the stores' one). A user
   * without a saved timing has their organisation's default timing, else {@link
   * UserTiming#DEFAULT}. Edited with {@link Notifier#saveTiming}, validated when saved.
   *
   * @since 0.3.0
   */
  public NotifierBuilder timingStore(TimingStore store) {
    this.timingStore = Checks.notNull(store, "store");
    return this;
  }

  /**
   * Every store at once — settings, inbox, outbox, action log, digest book, timings and presence —
   * from one place: {@code JdbcStores} for a database, {@link dev.notify.memory.InMemoryStores} in
   * memory (the default). A store given on its own after this replaces that one. Each publish runs
   * as one {@link Stores#atomically unit} of these stores (a database's: one transaction).
   *
   * @since 0.3.0
   */
  public NotifierBuilder stores(Stores stores) {
    Checks.notNull(stores, "stores");
    this.settings = Checks.notNull(stores.settings(), "stores.settings()");
    this.inbox = Checks.notNull(stores.inbox(), "stores.inbox()");
    this.outbox = Checks.notNull(stores.outbox(), "stores.outbox()");
    this.actions = Checks.notNull(stores.actions(), "stores.actions()");
    this.digests = Checks.notNull(stores.digests(), "stores.digests()");
    this.timingStore = Checks.notNull(stores.timings(), "stores.timings()");
    this.presence = Checks.notNull(stores.presence(), "stores.presence()");
    this.storesCatalog = stores.catalog().orElse(null);
    this.storesName = stores.getClass().getSimpleName();
    this.unit = stores;
    return this;
  }

  /**
   * Makes this the notifier of organisation {@code organizationId}, whose default table and locks
   * are kept in {@code store}: every publish decides with them as stored then (one read), every
   * reason names the organisation, {@link Notifier#editSettings} refuses to change a locked key,
   * {@link Notifier#previewDefaultTable} compares with the organisation's table, and {@link
   * Notifier#editOrganization} edits them with optimistic versions. Until the organisation saved
   * anything, the notifier's own engine decides.
   *
   * @since 0.3.0
   */
  public NotifierBuilder organization(String organizationId, OrganizationStore store) {
    this.organizationId = Checks.idText(organizationId, "organizationId");
    this.organizations = Checks.notNull(store, "store");
    return this;
  }

  /**
   * Allows a durable outbox beside stores that are in memory, which {@link #build()} otherwise
   * refuses: for tests that put a database's outbox beside in-memory stores on purpose.
   *
   * @since 0.3.0
   */
  public NotifierBuilder allowMixedDurability() {
    this.mixedDurability = true;
    return this;
  }

  /**
   * Where the workers combine users' emails into digests: an {@link InMemoryDigestBook} by default;
   * a durable outbox needs a durable book (notify-jdbc's, given with {@link #stores}), since a
   * delivery handed over to a digest lives only in the book — {@link #build()} refuses the mix. The
   * workers ask it for every non-urgent email they claim for a user with a digest or throttle, and
   * for every one claimed before (an earlier claim may have placed it before a crash), digest or
   * not.
   *
   * @since 0.2.0
   */
  public NotifierBuilder digests(DigestBook digests) {
    this.digests = Checks.notNull(digests, "digests");
    return this;
  }

  /**
   * Told what became of each queued delivery: sent alone or in a digest, not sent because it was
   * read in time, retried, a dead letter ({@link DeliveryObserver#NONE} by default).
   *
   * @since 0.2.0
   */
  public NotifierBuilder observer(DeliveryObserver observer) {
    this.observer = Checks.notNull(observer, "observer");
    return this;
  }

  /**
   * Runs around each publish and each delivery attempt: the host's timers and spans ({@link
   * Instrumentation}; notify-micrometer makes them Micrometer observations). {@link
   * Instrumentation#NONE} by default.
   *
   * @since 0.3.0
   */
  public NotifierBuilder instrumentation(Instrumentation instrumentation) {
    this.instrumentation = Checks.notNull(instrumentation, "instrumentation");
    return this;
  }

  /**
   * Posts what became of each delivery to a host's URL, signed, through the outbox: durable,
   * retried, at least once with an idempotency key ({@link Webhooks}). None by default.
   *
   * @since 0.3.0
   */
  public NotifierBuilder webhooks(Webhooks webhooks) {
    this.webhooks = Checks.notNull(webhooks, "webhooks");
    return this;
  }

  /**
   * The media this host offers besides in-app (by default every medium with a transport). A medium
   * not offered is not decided: its reason says so, nothing is queued for it, no dead letter waits
   * for a transport. An offered medium needs a transport ({@link #build()} refuses one without).
   *
   * @since 0.2.0
   */
  public NotifierBuilder offeredMedia(Set<Medium> media) {
    this.offered = Set.copyOf(Checks.noNulls(media, "media"));
    return this;
  }

  /**
   * Where the action each action id stood for is kept (in memory by default), so that a different
   * action published under a used id fails instead of delivering nothing.
   *
   * @since 0.2.0
   */
  public NotifierBuilder actions(ActionLog actions) {
    this.actions = Checks.notNull(actions, "actions");
    return this;
  }

  /**
   * Options that pass quiet hours (for example {@code note.mentioned}); none by default.
   *
   * @since 0.2.0
   */
  public NotifierBuilder urgent(Set<String> optionIds) {
    this.urgent = Set.copyOf(Checks.noNulls(optionIds, "optionIds"));
    return this;
  }

  /** How long in-app notifications are kept by {@link Notifier#applyInboxRetention()}; positive. */
  public NotifierBuilder inboxRetention(Duration retention) {
    Checks.notNull(retention, "retention");
    Checks.argument(
        !retention.isNegative() && !retention.isZero(),
        "retention must be positive, got %s",
        retention);
    // Instants end in the year 1,000,000,000: a longer retention could not be subtracted.
    Checks.argument(
        retention.compareTo(Duration.ofDays(365L * 1_000_000)) <= 0,
        "retention must be at most a million years, got %s",
        retention);
    this.inboxRetention = retention;
    return this;
  }

  /** The engine (catalog and default table). */
  public NotifierBuilder engine(DecisionEngine engine) {
    this.engine = Checks.notNull(engine, "engine");
    return this;
  }

  /** The directory; required. */
  public NotifierBuilder directory(Directory directory) {
    this.directory = Checks.notNull(directory, "directory");
    return this;
  }

  /** Where presences come from. */
  public NotifierBuilder presence(PresenceProvider presence) {
    this.presence = Checks.notNull(presence, "presence");
    return this;
  }

  /** The settings store. */
  public NotifierBuilder settings(SettingsStore settings) {
    this.settings = Checks.notNull(settings, "settings");
    return this;
  }

  /** The inbox store, where in-app notifications are written at publish. */
  public NotifierBuilder inbox(InboxStore inbox) {
    this.inbox = Checks.notNull(inbox, "inbox");
    return this;
  }

  /** The outbox, shared by every notifier (and process) that delivers it. */
  public NotifierBuilder outbox(Outbox outbox) {
    this.outbox = Checks.notNull(outbox, "outbox");
    return this;
  }

  /**
   * How each in-app item's reason is written ({@link InboxItem#reason}), from its delivery: in the
   * host's own words, so its panel can say why without a table of its own. By default {@code
   * Reason#explain()}. Called on the publishing thread for each in-app delivery; must not block and
   * must answer text of at most 65,536 characters. An exception fails the publish after the
   * outbox's entries were enqueued (publishing again is safe: nothing is written twice).
   *
   * @since 0.3.0
   */
  public NotifierBuilder inAppReason(Function<Delivery, String> reason) {
    this.inAppReason = Checks.notNull(reason, "reason");
    return this;
  }

  /**
   * Where the in-app items of an action point ({@link InboxItem#link}): a URL, a path or the host's
   * own words, for example the conversation's page; by default nowhere (empty). Called once per
   * publish on the publishing thread, before anything is written; must not block. An exception
   * fails the publish with nothing written; an answer that is not text the stores keep (null,
   * longer than 65,536 characters, control characters) is refused the same way.
   *
   * @since 0.3.0
   */
  public NotifierBuilder inAppLink(Function<Action, String> link) {
    this.inAppLink = Checks.notNull(link, "link");
    return this;
  }

  /** Told of each new in-app notification, after it is stored (the host's websocket). */
  public NotifierBuilder inAppListener(InAppListener listener) {
    this.listener = Checks.notNull(listener, "listener");
    return this;
  }

  /**
   * Adds a transport for its medium, replacing an earlier one for the same medium.
   *
   * @throws IllegalArgumentException for an in-app transport: in-app notifications are written to
   *     the inbox at publish, and a host is told of them by its {@link #inAppListener}
   */
  public NotifierBuilder transport(Transport transport) {
    Checks.notNull(transport, "transport");
    Medium m = Checks.notNull(transport.medium(), "transport.medium()");
    Checks.argument(
        !m.isInApp(),
        "in-app notifications go to the inbox at publish; use inAppListener, not a transport"
            + " for %s",
        Checks.quote(m.id()));
    transports.put(m, transport);
    return this;
  }

  /** The retry policy for transient failures (the attempt limit too). */
  public NotifierBuilder retry(RetryPolicy retry) {
    this.retry = Checks.notNull(retry, "retry");
    return this;
  }

  /** The source of jitter; must be safe for concurrent use. */
  public NotifierBuilder random(RandomGenerator random) {
    this.random = Checks.notNull(random, "random");
    return this;
  }

  /** The clock of due times, leases and inbox stamps. */
  public NotifierBuilder clock(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
    return this;
  }

  /**
   * How long one delivery attempt may take before it is given up as {@code UNKNOWN} (it may have
   * been sent): a hung transport costs one attempt, not a worker. Unset, it is the slowest
   * transport's own {@linkplain Transport#deadline() deadline} plus 5 s, and at least 30 s; set,
   * {@link #build()} refuses one shorter than a transport's deadline. At most an hour.
   */
  public NotifierBuilder attemptTimeout(Duration timeout) {
    this.attemptTimeout = bounded(timeout, "attemptTimeout", Duration.ofHours(1));
    return this;
  }

  /**
   * How long a worker holds what it claimed; at least twice the attempt timeout (checked by {@link
   * #build()}). A worker that dies holds its entries this long at most. Unset, three attempt
   * timeouts and at least 2 minutes. At most a day: a longer lease would make a crashed worker's
   * entries wait that long.
   */
  public NotifierBuilder lease(Duration lease) {
    this.lease = bounded(lease, "lease", Duration.ofDays(1));
    return this;
  }

  /**
   * How many transport attempts may run at once (on threads the notifier owns, made by {@link
   * #attemptThreadFactory}), hung ones included: a transport that ignores interrupts holds at most
   * this many threads, and an attempt that finds none free is retried. 64 by default.
   */
  public NotifierBuilder attemptThreads(int max) {
    Checks.argument(max >= 1 && max <= 10_000, "attemptThreads must be 1 to 10000, got %s", max);
    this.attemptThreads = max;
    return this;
  }

  /**
   * The factory of the attempt threads (name, daemon, priority, context class loader are the
   * host's); by default daemon threads named {@code notify-attempt-P-N} (P numbers the notifier).
   */
  public NotifierBuilder attemptThreadFactory(ThreadFactory factory) {
    this.attemptThreadFactory = Checks.notNull(factory, "factory");
    return this;
  }

  /**
   * How long an outbox entry is kept once delivered (its id keeps a republish from queuing it
   * again): by default as long as in-app notifications ({@link #inboxRetention}). Applied by {@link
   * Notifier#applyRetention()}.
   */
  public NotifierBuilder outboxRetention(Duration retention) {
    this.outboxRetention = bounded(retention, "outboxRetention", Duration.ofDays(36_500));
    return this;
  }

  /**
   * How long a dead letter is kept for an operator to read and redrive: 30 days by default. Applied
   * by {@link Notifier#applyRetention()}.
   */
  public NotifierBuilder deadLetterRetention(Duration retention) {
    this.deadLetterRetention = bounded(retention, "deadLetterRetention", Duration.ofDays(36_500));
    return this;
  }

  /**
   * How long the outbox's {@linkplain Notifier#history() delivery history} keeps an event: 30 days
   * by default. Applied by {@link Notifier#applyRetention()}, in batches.
   *
   * @since 0.3.0
   */
  public NotifierBuilder historyRetention(Duration retention) {
    this.historyRetention = bounded(retention, "historyRetention", Duration.ofDays(36_500));
    return this;
  }

  /**
   * Redrives {@code TRANSIENT} dead letters automatically once they have been dead this long (the
   * workers look once a minute): an outage that outlasted the retry policy ends with everything
   * delivered, not with dead letters waiting for an operator. Off by default; {@code UNKNOWN} and
   * {@code PERMANENT} ones are never redriven automatically.
   */
  public NotifierBuilder autoRedrive(Duration after) {
    this.autoRedrive = bounded(after, "autoRedrive", Duration.ofDays(365));
    return this;
  }

  private static Duration bounded(Duration d, String name, Duration max) {
    Checks.notNull(d, name);
    Checks.argument(!d.isNegative() && !d.isZero(), "%s must be positive, got %s", name, d);
    Checks.argument(d.compareTo(max) <= 0, "%s must be at most %s, got %s", name, max, d);
    return d;
  }

  /** How many entries a worker claims at once; 1 to 1,000. */
  public NotifierBuilder batchSize(int batchSize) {
    Checks.argument(
        batchSize >= 1 && batchSize <= 1000, "batchSize must be 1 to 1000, got %s", batchSize);
    this.batchSize = batchSize;
    return this;
  }

  /**
   * Builds the notifier.
   *
   * @throws NullPointerException when no directory was given
   * @throws IllegalArgumentException when the outbox is durable and another store is not (unless
   *     {@link #allowMixedDurability()}), when the stores' catalog is not the engine's, when a
   *     transport's medium is not in the engine's catalog, the attempt timeout is shorter than a
   *     transport's own deadline, or the lease is shorter than twice the attempt timeout (each
   *     message names the values)
   */
  public Notifier build() {
    return Wiring.notifier(this);
  }
}
