package dev.notify.pipeline;

import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Tenure;
import dev.notify.engine.DecisionEngine;
import dev.notify.internal.Checks;
import dev.notify.memory.InMemoryActionLog;
import dev.notify.memory.InMemoryDigestBook;
import dev.notify.memory.InMemoryInboxStore;
import dev.notify.memory.InMemoryOutbox;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.UserSettings;
import dev.notify.spi.ActionLog;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.DigestBook;
import dev.notify.spi.Directory;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.PresenceProvider;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.Stores;
import dev.notify.spi.TimingProvider;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.spi.VersionedSettings;
import dev.notify.timeline.TimelinePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What a host calls when something happens. The pipeline has two halves joined by a durable {@link
 * Outbox}:
 *
 * <ul>
 *   <li><b>Publish</b> ({@link #publish}, on the host's thread): resolves the action's audience
 *       through the {@link Directory}, loads each candidate's settings and presence, lets the
 *       {@link DecisionEngine} decide, writes in-app notifications to the inbox (they are their own
 *       durable record) and enqueues every other delivery in the outbox, in one call, idempotent by
 *       (action, user, medium). It never calls an external transport.
 *   <li><b>Deliver</b> ({@link #deliverDue()} on the caller's thread, or {@link #startWorkers} in
 *       the background, in any number of processes sharing the outbox): claims due entries with a
 *       lease, delivers each within a deadline, completes it, reschedules a transient failure with
 *       capped, jittered backoff ({@link RetryPolicy}) or makes it a dead letter ({@link
 *       #deadLetters}, {@link #redrive}).
 * </ul>
 *
 * <p><b>Guarantees:</b> in-app notifications exactly once per (action, user) while the inbox keeps
 * them; external media at least once, each delivery carrying a stable idempotency key ({@link
 * Delivery#id()}); nothing publish returned for is lost by a crash, as far as the outbox is
 * durable. Thread-safe: any number of threads may publish and deliver at once.
 *
 * @since 0.1.0
 */
public final class Notifier {
  private final DecisionEngine engine;
  private final Directory directory;
  private final PresenceProvider presence;
  private final SettingsStore settings;
  private final InboxStore inbox;
  private final Outbox outbox;
  private final InAppTransport inApp;
  private final Map<Medium, Transport> transports;
  private final Clock clock;
  private final Duration inboxRetention;
  private final int batchSize;
  private final DeliveryRunner runner;
  private final List<DeliveryWorkers> workers = new CopyOnWriteArrayList<>();
  private final AtomicInteger workerPools = new AtomicInteger();
  private final Publisher publisher;
  private final TimingProvider timings;
  private final Set<Medium> notOffered;
  private final ActionLog actions;
  private final Set<String> urgent;
  private final Duration outboxRetention;
  private final Duration deadLetterRetention;
  private final @Nullable Duration autoRedrive;
  private final Attempts attempts;
  private final Duration attemptTimeout;
  private final Duration lease;
  private final AtomicLong nextHousekeeping = new AtomicLong(Long.MIN_VALUE);
  private volatile @Nullable Instant lastInlineDrain;
  private volatile @Nullable Instant unattendedSince;
  private volatile @Nullable Instant warnedUnattended;

  private Notifier(Builder b) {
    this.engine = b.engine;
    checkStores(b, b.engine);
    this.directory = Checks.notNull(b.directory, "directory");
    this.presence = b.presence;
    this.settings = b.settings;
    this.inbox = b.inbox;
    this.outbox = b.outbox;
    this.clock = b.clock;
    this.inboxRetention = b.inboxRetention;
    this.batchSize = b.batchSize;
    this.timings = b.timings;
    this.actions = b.actions;
    for (String o : b.urgent) {
      Checks.argument(
          engine.catalog().option(o).isPresent(),
          "urgent option %s is not in the catalog",
          Checks.quote(o));
    }
    this.urgent = Set.copyOf(b.urgent);
    this.inApp = new InAppTransport(inbox, b.listener, clock);
    for (Medium m : b.transports.keySet()) {
      Checks.argument(
          engine.catalog().hasMedium(m),
          "transport for medium %s, which the catalog does not have",
          Checks.quote(m.id()));
    }
    this.transports = Map.copyOf(b.transports);
    Set<Medium> offered = new HashSet<>();
    offered.add(Medium.IN_APP);
    if (b.offered == null) {
      offered.addAll(transports.keySet());
    } else {
      for (Medium m : b.offered) {
        Checks.argument(
            engine.catalog().hasMedium(m),
            "offered medium %s is not in the catalog",
            Checks.quote(m.id()));
        Checks.argument(
            m.isInApp() || transports.containsKey(m),
            "medium %s is offered but has no transport: add one with transport(...)",
            Checks.quote(m.id()));
      }
      offered.addAll(b.offered);
    }
    Set<Medium> off = new HashSet<>(engine.catalog().media());
    off.removeAll(offered);
    this.notOffered = Set.copyOf(off);
    // Timeouts that fit together: the attempt deadline covers every transport's own worst case (a
    // transport that is still trying when the worker gives up would turn a message it never sent
    // into an UNKNOWN dead letter), and the lease covers two attempts.
    Duration slowest = Duration.ZERO;
    String slowestName = "";
    for (Transport t : transports.values()) {
      Duration own = Checks.notNull(t.deadline(), "transport deadline").orElse(Duration.ZERO);
      if (own.compareTo(slowest) > 0) {
        slowest = own;
        slowestName = t.medium().id();
      }
    }
    if (b.attemptTimeout != null) {
      Checks.argument(
          b.attemptTimeout.compareTo(slowest) >= 0,
          "the attempt timeout (%s) is shorter than the %s transport's own deadline (%s): an attempt"
              + " still under way would be given up as UNKNOWN; set attemptTimeout to at least %s or"
              + " leave it unset",
          b.attemptTimeout,
          slowestName,
          slowest,
          slowest);
      this.attemptTimeout = b.attemptTimeout;
    } else {
      Duration derived = slowest.plus(ATTEMPT_MARGIN);
      this.attemptTimeout = derived.compareTo(DEFAULT_ATTEMPT) > 0 ? derived : DEFAULT_ATTEMPT;
    }
    if (b.lease != null) {
      Checks.argument(
          b.lease.compareTo(attemptTimeout.multipliedBy(2)) >= 0,
          "the lease (%s) must be at least twice the attempt timeout (%s)",
          b.lease,
          attemptTimeout);
      this.lease = b.lease;
    } else {
      Duration derived = attemptTimeout.multipliedBy(3);
      this.lease = derived.compareTo(DEFAULT_LEASE) > 0 ? derived : DEFAULT_LEASE;
    }
    this.outboxRetention = b.outboxRetention != null ? b.outboxRetention : b.inboxRetention;
    this.deadLetterRetention = b.deadLetterRetention;
    this.autoRedrive = b.autoRedrive;
    this.attempts = new Attempts(b.attemptThreads, b.attemptThreadFactory);
    this.runner =
        new DeliveryRunner(
            outbox,
            inbox,
            transports,
            b.retry,
            b.random,
            clock,
            lease,
            attemptTimeout,
            attempts,
            b.timings,
            TimelinePolicy.of(urgent),
            b.digests,
            b.observer);
    this.publisher =
        new Publisher(
            engine,
            directory,
            presence,
            settings,
            outbox,
            inApp,
            clock,
            timings,
            notOffered,
            actions,
            TimelinePolicy.of(urgent));
  }

  /**
   * Refuses a durable outbox beside stores that are not: after a restart the queue would still hold
   * entries whose settings, in-app items, action ids or digest windows are gone (a digest member
   * handed over to an in-memory book is lost). Also refuses stores bound to another catalog than
   * the engine's, naming where to give it.
   */
  private static void checkStores(Builder b, DecisionEngine engine) {
    if (b.storesCatalog != null && b.storesCatalog != engine.catalog()) {
      throw new IllegalArgumentException(
          "the stores ("
              + b.storesName
              + ") read settings and deliveries against another catalog than the engine's: build"
              + " them with the engine's catalog (for notify-jdbc: JdbcStores.builder(dataSource)"
              + ".catalog(engine.catalog()))");
    }
    if (!b.outbox.durable() || b.mixedDurability) {
      return;
    }
    List<String> volatileStores = new ArrayList<>();
    if (!b.settings.durable()) {
      volatileStores.add("settings");
    }
    if (!b.inbox.durable()) {
      volatileStores.add("inbox");
    }
    if (!b.actions.durable()) {
      volatileStores.add("actions");
    }
    if (!b.digests.durable()) {
      volatileStores.add("digests");
    }
    if (!volatileStores.isEmpty()) {
      throw new IllegalArgumentException(
          "the outbox is durable but "
              + String.join(", ", volatileStores)
              + (volatileStores.size() == 1 ? " is" : " are")
              + " in memory: a restart would keep the queue and lose what it relies on (a digest"
              + " member handed over to an in-memory book is lost); give them too —"
              + " Notifier.builder().stores(jdbcStores) gives every store at once — or call"
              + " allowMixedDurability() in a test");
    }
  }

  /** The attempt timeout when no transport needs more: {@value #DEFAULT_ATTEMPT_SECONDS} s. */
  static final int DEFAULT_ATTEMPT_SECONDS = 30;

  private static final Duration DEFAULT_ATTEMPT = Duration.ofSeconds(DEFAULT_ATTEMPT_SECONDS);
  private static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

  /** Numbers the notifiers' attempt pools, for their threads' names. */
  private static final AtomicInteger ATTEMPT_POOLS = new AtomicInteger();

  /** What a derived attempt timeout adds to the slowest transport's deadline. */
  private static final Duration ATTEMPT_MARGIN = Duration.ofSeconds(5);

  /** The attempt timeout in force: given, or derived from the transports' deadlines. */
  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  /** The lease in force: given, or derived from the attempt timeout. */
  public Duration lease() {
    return lease;
  }

  /** A builder; see its javadoc for every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The engine. */
  public DecisionEngine engine() {
    return engine;
  }

  /** The inbox store, for the badge and unread panel. */
  public InboxStore inbox() {
    return inbox;
  }

  /** The settings store. */
  public SettingsStore settings() {
    return settings;
  }

  /** The outbox. */
  public Outbox outbox() {
    return outbox;
  }

  /**
   * Edits a user's settings with what the notifier already knows: its catalog, and the user's
   * tenure from the directory (so a legacy option can be set only by a user who has it). Loads the
   * stored settings, applies {@code change} to an editor of them, and saves the result if no other
   * save came in between; otherwise it loads again and re-applies {@code change} (up to 10 times),
   * so {@code change} must do nothing but edit.
   *
   * <p>Blocks on the settings store. Thread-safe.
   *
   * @return the settings now stored
   * @throws NotifyException naming {@code userId} when the directory does not know the user, or
   *     naming the bad setting when the change is invalid (nothing is saved then)
   * @throws SettingsConflictException when ten saves in a row lost to concurrent ones
   * @since 0.2.0
   */
  public UserSettings editSettings(
      String userId, Function<UserSettings.Editor, UserSettings.Editor> change) {
    Checks.notNull(userId, "userId");
    Checks.notNull(change, "change");
    UserAccount account =
        directory
            .user(userId)
            .orElseThrow(
                () ->
                    new NotifyException(
                        "userId",
                        Checks.format(
                            "unknown user %s: settings are kept only for users of the directory",
                            Checks.quote(userId))));
    Tenure tenure = Tenure.of(directory.organizationCreatedOn().orElse(null), account.createdOn());
    for (int attempt = 1; ; attempt++) {
      VersionedSettings current = settings.load(userId);
      UserSettings next =
          Checks.notNull(
                  change.apply(current.settings().edit(engine.catalog(), tenure)),
                  "change's editor")
              .build();
      try {
        settings.save(userId, next, current.version());
        return next;
      } catch (SettingsConflictException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /**
   * Publishes an action: decides for its whole audience, writes the in-app notifications and
   * enqueues the other deliveries. There is one delivery per (action, user, medium): publishing the
   * same action again makes nothing twice, and after a settings change it queues only a medium
   * decided now that was not decided before.
   *
   * @return every decision with its reason, what was written and enqueued, what an earlier publish
   *     had already made, and what had no transport
   * @throws NotifyException before anything is written when the action names a user or team the
   *     directory does not know ({@code assignee}, {@code mentions}, {@code teamMentions}), or a
   *     field is beyond what the stores hold ({@link dev.notify.Limits}), naming the field
   * @throws IllegalArgumentException when the action's channel is not in the catalog
   * @throws RuntimeException what a store threw: the outbox then holds nothing of this publish that
   *     it did not hold before, and publishing again is safe
   */
  public PublishResult publish(Action action) {
    PublishResult result = publisher.publish(action);
    if (!result.enqueued().isEmpty()) {
      workers.forEach(DeliveryWorkers::nudge);
      warnIfUnattended();
    }
    return result;
  }

  /**
   * Applies the inbox retention: deletes every in-app notification, read or unread, older than the
   * retention ({@link Builder#inboxRetention}, 7 days by default) by the notifier's clock. The host
   * calls it on a schedule of its choosing.
   *
   * @return how many notifications were deleted
   */
  public int applyInboxRetention() {
    return applyRetention().inbox();
  }

  /**
   * Applies every retention by the notifier's clock: in-app notifications and action ids older than
   * the inbox retention, digest windows that ended before it, outbox entries completed before the
   * outbox retention, and dead letters older than the dead-letter retention. Outbox rows are
   * deleted in batches of {@value #PURGE_BATCH}, each its own short unit of work, so no call holds
   * long locks. The host calls it on a schedule of its choosing (hourly is plenty).
   *
   * @return how many of each were deleted
   * @since 0.3.0
   */
  public Retained applyRetention() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(inboxRetention);
    // An action id is remembered as long as its in-app notifications are.
    actions.forgetBefore(cutoff);
    runner.forgetDigests(cutoff);
    int items = inbox.deleteCreatedBefore(cutoff);
    Instant doneCutoff = now.minus(outboxRetention);
    long done = inBatches(() -> outbox.purgeDone(doneCutoff, PURGE_BATCH));
    Instant deadCutoff = now.minus(deadLetterRetention);
    long dead = inBatches(() -> outbox.purgeDeadLetters(deadCutoff, null, null, PURGE_BATCH));
    return new Retained(items, done, dead);
  }

  /** Outbox rows deleted per unit of work by {@link #applyRetention()}. */
  public static final int PURGE_BATCH = 1_000;

  /**
   * What {@link #applyRetention()} deleted.
   *
   * @param inbox in-app notifications
   * @param done completed outbox entries
   * @param deadLetters dead letters
   * @since 0.3.0
   */
  public record Retained(int inbox, long done, long deadLetters) {}

  /**
   * Deletes dead letters that became dead before {@code before}, of {@code kind} and {@code medium}
   * when given (null: any), in batches of {@value #PURGE_BATCH}: an operator's cleanup after
   * reading them.
   *
   * @return how many were deleted
   * @since 0.3.0
   */
  public long purgeDeadLetters(
      Instant before, TransportException.@Nullable Kind kind, @Nullable Medium medium) {
    Checks.notNull(before, "before");
    String m = medium == null ? null : medium.id();
    return inBatches(() -> outbox.purgeDeadLetters(before, kind, m, PURGE_BATCH));
  }

  /** Runs one batch of a purge after another until one deletes fewer than a whole batch. */
  private static long inBatches(IntSupplier batch) {
    long total = 0;
    for (int n = PURGE_BATCH; n == PURGE_BATCH; ) {
      n = batch.getAsInt();
      total += n;
    }
    return total;
  }

  /**
   * Delivers, on the caller's thread, every outbox entry due now: the same code as the workers',
   * for tests, demos and hosts that want inline delivery. Rescheduled entries wait for their due
   * time.
   *
   * @return how many entries it claimed
   */
  public int deliverDue() {
    lastInlineDrain = clock.instant();
    return runner.drain("inline-" + UUID.randomUUID(), batchSize);
  }

  /** Whether a live worker pool, or an inline drain within the last minute, delivers the outbox. */
  private boolean attended(Instant now) {
    for (DeliveryWorkers w : workers) {
      if (!w.isClosed() && w.anyAlive()) {
        return true;
      }
    }
    Instant inline = lastInlineDrain;
    return inline != null && !inline.isBefore(now.minus(UNATTENDED)) && !inline.isAfter(now);
  }

  private static final Duration UNATTENDED = Duration.ofMinutes(1);

  /**
   * Logs a WARNING, at most every ten minutes, when publishes have queued deliveries for over a
   * minute and nothing delivers them (no worker pool started, or all closed): a host that forgot
   * {@link #startWorkers} hears of it instead of wondering why no email goes out.
   */
  private void warnIfUnattended() {
    Instant now = clock.instant();
    if (attended(now)) {
      unattendedSince = null;
      return;
    }
    Instant since = unattendedSince;
    if (since == null) {
      unattendedSince = now;
      return;
    }
    Instant warned = warnedUnattended;
    if (!since.isAfter(now.minus(UNATTENDED))
        && (warned == null || !warned.isAfter(now.minus(Duration.ofMinutes(10))))) {
      warnedUnattended = now;
      DeliveryRunner.LOG.log(
          System.Logger.Level.WARNING,
          "notify has queued deliveries since "
              + since
              + " and no worker delivers them: call Notifier.startWorkers (or deliverDue)");
    }
  }

  /**
   * How delivery is doing, for a host's health check: each worker pool's health, the outbox's
   * counts, and whether anything delivers what is due ({@link DeliveryHealth#delivering()} is false
   * when entries are due and no live pool or recent inline drain takes them).
   *
   * <p>Blocks on the outbox's counts (one query for a database).
   *
   * @since 0.3.0
   */
  public DeliveryHealth health() {
    Instant now = clock.instant();
    List<WorkerHealth> pools = new ArrayList<>();
    for (DeliveryWorkers w : workers) {
      if (!w.isClosed()) {
        pools.add(w.health());
      }
    }
    OutboxCounts counts = outbox.counts(now);
    boolean attended = attended(now);
    String summary;
    if (counts.due() > 0 && !attended) {
      summary =
          counts.due()
              + " entries due and no worker delivers them: call startWorkers (or deliverDue)";
    } else if (runner.attempts().hung() >= runner.attempts().max()) {
      summary = "every attempt thread is held by a hung transport attempt";
    } else {
      summary = attended ? "delivering" : "idle: nothing is due";
    }
    return new DeliveryHealth(
        pools,
        counts,
        counts.due() == 0 || attended,
        runner.lastClaim(),
        runner.lastError(),
        runner.failures.sum(),
        summary);
  }

  /**
   * Starts {@code threads} workers that deliver the outbox in the background until {@link
   * DeliveryWorkers#close() closed}; publish wakes them. Several pools, in this process or others
   * sharing the outbox, may run at once.
   *
   * @param idle how long an idle worker waits before it looks for due entries again
   */
  public DeliveryWorkers startWorkers(int threads, Duration idle) {
    Checks.argument(threads > 0, "threads must be positive, got %s", threads);
    Checks.notNull(idle, "idle");
    Checks.argument(!idle.isNegative() && !idle.isZero(), "idle must be positive, got %s", idle);
    Checks.argument(
        idle.compareTo(Duration.ofHours(1)) <= 0, "idle must be at most an hour, got %s", idle);
    String name =
        "notify-worker-"
            + UUID.randomUUID().toString().substring(0, 8)
            + "-"
            + workerPools.incrementAndGet();
    DeliveryWorkers w =
        new DeliveryWorkers(runner, this::housekeeping, name, threads, batchSize, idle);
    workers.add(w);
    workers.removeIf(DeliveryWorkers::isClosed);
    return w;
  }

  /**
   * What the workers do between batches, at most once a minute across a notifier's pools: redrive
   * transient dead letters when {@link Builder#autoRedrive} is set. Its failures are the caller's
   * to contain.
   */
  private void housekeeping() {
    long now = clock.millis();
    long next = nextHousekeeping.get();
    if (now < next || !nextHousekeeping.compareAndSet(next, now + HOUSEKEEPING_EVERY)) {
      return;
    }
    if (autoRedrive != null) {
      redriveTransientBefore(clock.instant().minus(autoRedrive));
    }
  }

  private static final long HOUSEKEEPING_EVERY = 60_000;

  /**
   * Redrives every {@code TRANSIENT} dead letter that became dead before {@code cutoff} (a failure
   * that outlasted the retry policy, worth another round once the outage is over).
   *
   * @return how many were queued again
   * @since 0.3.0
   */
  public int redriveTransientBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    return redriveWhere(
        l -> l.kind() == TransportException.Kind.TRANSIENT && l.at().isBefore(cutoff));
  }

  /** Redrives every dead letter {@code which} accepts, read page by page first. */
  private int redriveWhere(Predicate<DeadLetter> which) {
    List<String> ids = new ArrayList<>();
    int page = 500;
    for (int offset = 0; ; offset += page) {
      List<DeadLetter> letters = outbox.deadLetters(offset, page);
      for (DeadLetter l : letters) {
        if (which.test(l)) {
          ids.add(l.id());
        }
      }
      if (letters.size() < page) {
        break;
      }
    }
    int n = 0;
    for (String id : ids) {
      n += redrive(id) ? 1 : 0;
    }
    return n;
  }

  /** Dead letters, oldest first, from {@code offset}, at most {@code limit}. */
  public List<DeadLetter> deadLetters(int offset, int limit) {
    return outbox.deadLetters(offset, limit);
  }

  /**
   * Puts one dead letter back in the outbox, due now: the operator's decision, so it is resent even
   * when its outcome was {@code UNKNOWN} (it may have been sent).
   *
   * @return {@code true} when it was a dead letter and is queued again
   */
  public boolean redrive(String deliveryId) {
    Checks.notNull(deliveryId, "deliveryId");
    boolean back = outbox.redrive(deliveryId, clock.instant());
    if (back) {
      workers.forEach(DeliveryWorkers::nudge);
    }
    return back;
  }

  /**
   * Puts every dead letter back whose failure was {@code PERMANENT} or {@code TRANSIENT}; those
   * that may have been sent ({@code UNKNOWN}) stay, to be redriven one by one if at all.
   *
   * @return how many were queued again
   */
  public int redriveAll() {
    return redriveWhere(l -> l.kind() != TransportException.Kind.UNKNOWN);
  }

  /**
   * A dry run of a new default table over every user of the directory: per option and medium, how
   * many users' values would change (those who never set the key and may have the option) and up to
   * {@code examples} of them. Changes nothing; reads the settings of all users in one call to the
   * store. To switch, build a notifier with {@code engine(DecisionEngine.create(catalog, next))}:
   * every delivery's reason names the table version that decided it.
   *
   * @since 0.2.0
   */
  public DefaultTableChange previewDefaultTable(DefaultTable next, int examples) {
    Checks.notNull(next, "next");
    Checks.argument(examples >= 0, "examples must not be negative, got %s", examples);
    DefaultTable current = engine.defaults();
    Catalog catalog = engine.catalog();
    List<UserAccount> users = directory.allUsers();
    Map<String, VersionedSettings> saved =
        settings.loadAll(users.stream().map(UserAccount::id).toList());
    LocalDate org = directory.organizationCreatedOn().orElse(null);
    List<DefaultTableChange.Line> lines = new ArrayList<>();
    for (NotificationOption o : catalog.options()) {
      for (Medium m : catalog.media()) {
        Frequency before = current.frequency(o.id(), m);
        Frequency after = next.frequency(o.id(), m);
        if (before == after) {
          continue;
        }
        int count = 0;
        List<String> some = new ArrayList<>();
        for (UserAccount u : users) {
          if (!o.availability().isAvailableTo(Tenure.of(org, u.createdOn()))) {
            continue;
          }
          VersionedSettings v = saved.get(u.id());
          UserSettings s = v == null ? UserSettings.none() : v.settings();
          if (followsTheTable(s, o, m, catalog)) {
            count++;
            if (some.size() < examples) {
              some.add(u.id());
            }
          }
        }
        if (count > 0) {
          lines.add(new DefaultTableChange.Line(o.id(), m, before, after, count, some));
        }
      }
    }
    return new DefaultTableChange(current.version(), next.version(), users.size(), lines);
  }

  /**
   * Whether some channel (or the option, when not per channel) of the user takes the table's value.
   */
  private static boolean followsTheTable(
      UserSettings s, NotificationOption o, Medium m, Catalog catalog) {
    if (s.chosen(o.id(), null, m).isPresent()) {
      return false;
    }
    if (!o.perChannel()) {
      return true;
    }
    for (Channel c : catalog.channels()) {
      if (s.chosen(o.id(), c, m).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** A snapshot of the delivery counters, and the outbox's counts by state. */
  public DeliveryStats stats() {
    return new DeliveryStats(
        publisher.enqueued.sum(),
        publisher.inAppWritten.sum(),
        publisher.duplicates.sum(),
        runner.delivered.sum(),
        runner.retried.sum(),
        runner.deadLettered.sum(),
        outbox.counts(clock.instant()),
        runner.readInTime.sum(),
        runner.digested.sum(),
        runner.digestsSent.sum(),
        runner.failures.sum());
  }

  /**
   * Builds a {@link Notifier}. Only the directory is required. Defaults: the standard engine
   * ({@link DecisionEngine#standard()}); everyone {@code LOGGED_OUT} (no presence provider);
   * in-memory settings store, inbox and outbox; no listener for in-app notifications; no transport
   * (a medium without one is reported by publish as undeliverable and not queued); {@link
   * RetryPolicy#ofDefaults()}; {@link ThreadLocalRandom} for jitter; the UTC system clock; an inbox
   * retention of 7 days, outbox entries kept as long, dead letters 30 days; attempts time out after
   * the slowest transport's deadline plus 5 s (at least 30 s), at most 64 at once; leases of three
   * attempt timeouts (at least 2 minutes); batches of 50; no automatic redrive. Not thread-safe;
   * {@link #build()} copies.
   */
  public static final class Builder {
    private DecisionEngine engine = DecisionEngine.standard();
    private @Nullable Directory directory;
    private PresenceProvider presence = user -> Presence.LOGGED_OUT;
    private SettingsStore settings = new InMemorySettingsStore();
    private InboxStore inbox = new InMemoryInboxStore();
    private Outbox outbox = new InMemoryOutbox();
    private InAppListener listener = InAppListener.NONE;
    private final Map<Medium, Transport> transports = new HashMap<>();
    private RetryPolicy retry = RetryPolicy.ofDefaults();
    private RandomGenerator random =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
          }
        };
    private Clock clock = Clock.systemUTC();
    private Duration inboxRetention = Duration.ofDays(7);
    private @Nullable Duration attemptTimeout;
    private @Nullable Duration lease;
    private @Nullable Duration outboxRetention;
    private Duration deadLetterRetention = Duration.ofDays(30);
    private @Nullable Duration autoRedrive;
    private int attemptThreads = 64;
    private ThreadFactory attemptThreadFactory =
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
    private int batchSize = 50;
    private TimingProvider timings = TimingProvider.DEFAULTS;
    private Set<String> urgent = Set.of();
    private ActionLog actions = new InMemoryActionLog();
    private @Nullable Set<Medium> offered;
    private DigestBook digests = new InMemoryDigestBook();
    private @Nullable Catalog storesCatalog;
    private String storesName = "";
    private boolean mixedDurability;
    private DeliveryObserver observer = DeliveryObserver.NONE;

    private Builder() {}

    /**
     * Each user's quiet hours, unread delay and digest ({@link TimingProvider#DEFAULTS} by
     * default). Quiet hours hold external deliveries until the quiet time ends (never dropped); an
     * {@code IF_UNREAD} email waits for the user's unread delay (checked when it elapses, then held
     * by quiet hours); a user's digest combines their non-urgent emails (see {@link #digests}).
     *
     * @since 0.2.0
     */
    public Builder timings(TimingProvider timings) {
      this.timings = Checks.notNull(timings, "timings");
      return this;
    }

    /**
     * Every store at once — settings, inbox, outbox, action log, digest book and presence — from
     * one place: {@code JdbcStores} for a database, {@link dev.notify.memory.InMemoryStores} in
     * memory (the default). A store given on its own after this replaces that one.
     *
     * @since 0.3.0
     */
    public Builder stores(Stores stores) {
      Checks.notNull(stores, "stores");
      this.settings = Checks.notNull(stores.settings(), "stores.settings()");
      this.inbox = Checks.notNull(stores.inbox(), "stores.inbox()");
      this.outbox = Checks.notNull(stores.outbox(), "stores.outbox()");
      this.actions = Checks.notNull(stores.actions(), "stores.actions()");
      this.digests = Checks.notNull(stores.digests(), "stores.digests()");
      this.presence = Checks.notNull(stores.presence(), "stores.presence()");
      this.storesCatalog = stores.catalog().orElse(null);
      this.storesName = stores.getClass().getSimpleName();
      return this;
    }

    /**
     * Allows a durable outbox beside stores that are in memory, which {@link #build()} otherwise
     * refuses: for tests that put a database's outbox beside in-memory stores on purpose.
     *
     * @since 0.3.0
     */
    public Builder allowMixedDurability() {
      this.mixedDurability = true;
      return this;
    }

    /**
     * Where the workers combine users' emails into digests: an {@link InMemoryDigestBook} by
     * default; a durable outbox needs a durable book (notify-jdbc's, given with {@link #stores}),
     * since a delivery handed over to a digest lives only in the book — {@link #build()} refuses
     * the mix. The workers ask it once for every non-urgent email they claim (it may have been
     * placed before a crash), digest or not.
     *
     * @since 0.2.0
     */
    public Builder digests(DigestBook digests) {
      this.digests = Checks.notNull(digests, "digests");
      return this;
    }

    /**
     * Told what became of each queued delivery: sent alone or in a digest, not sent because it was
     * read in time, retried, a dead letter ({@link DeliveryObserver#NONE} by default).
     *
     * @since 0.2.0
     */
    public Builder observer(DeliveryObserver observer) {
      this.observer = Checks.notNull(observer, "observer");
      return this;
    }

    /**
     * The media this host offers besides in-app (by default every medium with a transport). A
     * medium not offered is not decided: its reason says so, nothing is queued for it, no dead
     * letter waits for a transport. An offered medium needs a transport ({@link #build()} refuses
     * one without).
     *
     * @since 0.2.0
     */
    public Builder offeredMedia(Set<Medium> media) {
      this.offered = Set.copyOf(Checks.noNulls(media, "media"));
      return this;
    }

    /**
     * Where the action each action id stood for is kept (in memory by default), so that a different
     * action published under a used id fails instead of delivering nothing.
     *
     * @since 0.2.0
     */
    public Builder actions(ActionLog actions) {
      this.actions = Checks.notNull(actions, "actions");
      return this;
    }

    /**
     * Options that pass quiet hours (for example {@code note.mentioned}); none by default.
     *
     * @since 0.2.0
     */
    public Builder urgent(Set<String> optionIds) {
      this.urgent = Set.copyOf(Checks.noNulls(optionIds, "optionIds"));
      return this;
    }

    /**
     * How long in-app notifications are kept by {@link Notifier#applyInboxRetention()}; positive.
     */
    public Builder inboxRetention(Duration retention) {
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
    public Builder engine(DecisionEngine engine) {
      this.engine = Checks.notNull(engine, "engine");
      return this;
    }

    /** The directory; required. */
    public Builder directory(Directory directory) {
      this.directory = Checks.notNull(directory, "directory");
      return this;
    }

    /** Where presences come from. */
    public Builder presence(PresenceProvider presence) {
      this.presence = Checks.notNull(presence, "presence");
      return this;
    }

    /** The settings store. */
    public Builder settings(SettingsStore settings) {
      this.settings = Checks.notNull(settings, "settings");
      return this;
    }

    /** The inbox store, where in-app notifications are written at publish. */
    public Builder inbox(InboxStore inbox) {
      this.inbox = Checks.notNull(inbox, "inbox");
      return this;
    }

    /** The outbox, shared by every notifier (and process) that delivers it. */
    public Builder outbox(Outbox outbox) {
      this.outbox = Checks.notNull(outbox, "outbox");
      return this;
    }

    /** Told of each new in-app notification, after it is stored (the host's websocket). */
    public Builder inAppListener(InAppListener listener) {
      this.listener = Checks.notNull(listener, "listener");
      return this;
    }

    /**
     * Adds a transport for its medium, replacing an earlier one for the same medium.
     *
     * @throws IllegalArgumentException for an in-app transport: in-app notifications are written to
     *     the inbox at publish, and a host is told of them by its {@link #inAppListener}
     */
    public Builder transport(Transport transport) {
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
    public Builder retry(RetryPolicy retry) {
      this.retry = Checks.notNull(retry, "retry");
      return this;
    }

    /** The source of jitter; must be safe for concurrent use. */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /** The clock of due times, leases and inbox stamps. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * How long one delivery attempt may take before it is given up as {@code UNKNOWN} (it may have
     * been sent): a hung transport costs one attempt, not a worker. Unset, it is the slowest
     * transport's own {@linkplain Transport#deadline() deadline} plus 5 s, and at least 30 s; set,
     * {@link #build()} refuses one shorter than a transport's deadline. At most an hour.
     */
    public Builder attemptTimeout(Duration timeout) {
      this.attemptTimeout = bounded(timeout, "attemptTimeout", Duration.ofHours(1));
      return this;
    }

    /**
     * How long a worker holds what it claimed; at least twice the attempt timeout (checked by
     * {@link #build()}). A worker that dies holds its entries this long at most. Unset, three
     * attempt timeouts and at least 2 minutes. At most a day: a longer lease would make a crashed
     * worker's entries wait that long.
     */
    public Builder lease(Duration lease) {
      this.lease = bounded(lease, "lease", Duration.ofDays(1));
      return this;
    }

    /**
     * How many transport attempts may run at once (on threads the notifier owns, made by {@link
     * #attemptThreadFactory}), hung ones included: a transport that ignores interrupts holds at
     * most this many threads, and an attempt that finds none free is retried. 64 by default.
     */
    public Builder attemptThreads(int max) {
      Checks.argument(max >= 1 && max <= 10_000, "attemptThreads must be 1 to 10000, got %s", max);
      this.attemptThreads = max;
      return this;
    }

    /**
     * The factory of the attempt threads (name, daemon, priority, context class loader are the
     * host's); by default daemon threads named {@code notify-attempt-P-N} (P numbers the notifier).
     */
    public Builder attemptThreadFactory(ThreadFactory factory) {
      this.attemptThreadFactory = Checks.notNull(factory, "factory");
      return this;
    }

    /**
     * How long an outbox entry is kept once delivered (its id keeps a republish from queuing it
     * again): by default as long as in-app notifications ({@link #inboxRetention}). Applied by
     * {@link Notifier#applyRetention()}.
     */
    public Builder outboxRetention(Duration retention) {
      this.outboxRetention = bounded(retention, "outboxRetention", Duration.ofDays(36_500));
      return this;
    }

    /**
     * How long a dead letter is kept for an operator to read and redrive: 30 days by default.
     * Applied by {@link Notifier#applyRetention()}.
     */
    public Builder deadLetterRetention(Duration retention) {
      this.deadLetterRetention = bounded(retention, "deadLetterRetention", Duration.ofDays(36_500));
      return this;
    }

    /**
     * Redrives {@code TRANSIENT} dead letters automatically once they have been dead this long (the
     * workers look once a minute): an outage that outlasted the retry policy ends with everything
     * delivered, not with dead letters waiting for an operator. Off by default; {@code UNKNOWN} and
     * {@code PERMANENT} ones are never redriven automatically.
     */
    public Builder autoRedrive(Duration after) {
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
    public Builder batchSize(int batchSize) {
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
      return new Notifier(this);
    }
  }
}
