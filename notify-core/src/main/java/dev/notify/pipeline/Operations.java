package dev.notify.pipeline;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import dev.notify.spi.ActionLog;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetterFilter;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The notifier's operating half: its worker pools and inline drains, retention and purges, dead
 * letters and redrives, stats and health, and the warning when nothing delivers. Thread-safe;
 * blocks on the outbox (and the inbox, action log and digest book for retention).
 */
final class Operations {
  private static final Duration UNATTENDED = Duration.ofMinutes(1);
  private static final long HOUSEKEEPING_EVERY = 60_000;

  /**
   * How long each kind of thing is kept, and when transient dead letters are redriven by
   * themselves.
   *
   * @param inbox in-app notifications, action ids and digest windows
   * @param done completed outbox entries
   * @param deadLetters dead letters
   * @param autoRedrive how long a transient dead letter waits before the workers redrive it, or
   *     null for never
   */
  record Retentions(
      Duration inbox,
      Duration done,
      Duration deadLetters,
      Duration history,
      @Nullable Duration autoRedrive) {}

  private final DeliveryConfig config;
  private final Outbox outbox;
  private final Clock clock;
  private final DeliveryRunner runner;
  private final Publisher publisher;
  private final InboxStore inbox;
  private final ActionLog actions;
  private final Retentions retentions;
  private final List<DeliveryWorkers> workers = new CopyOnWriteArrayList<>();
  private final AtomicInteger workerPools = new AtomicInteger();
  private final AtomicLong nextHousekeeping = new AtomicLong(Long.MIN_VALUE);
  private volatile @Nullable Instant lastInlineDrain;
  private volatile @Nullable Instant unattendedSince;
  private volatile @Nullable Instant warnedUnattended;

  Operations(
      DeliveryConfig config,
      DeliveryRunner runner,
      Publisher publisher,
      ActionLog actions,
      Retentions retentions) {
    this.config = config;
    this.outbox = config.outbox();
    this.clock = config.clock();
    this.runner = runner;
    this.publisher = publisher;
    this.inbox = config.inbox();
    this.actions = actions;
    this.retentions = retentions;
  }

  /** After a publish queued something: wakes the workers, warns when there are none. */
  void queued() {
    workers.forEach(DeliveryWorkers::nudge);
    warnIfUnattended();
  }

  /** See {@link Notifier#applyRetention()}. */
  Notifier.Retained applyRetention() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(retentions.inbox());
    // An action id is remembered as long as its in-app notifications are.
    actions.forgetBefore(cutoff);
    runner.forgetDigests(cutoff);
    int items = inbox.deleteCreatedBefore(cutoff);
    Instant doneCutoff = now.minus(retentions.done());
    long done = inBatches(() -> outbox.purgeDone(doneCutoff, Notifier.PURGE_BATCH));
    Instant deadCutoff = now.minus(retentions.deadLetters());
    long dead =
        inBatches(
            () ->
                outbox
                    .deadLetters()
                    .purge(
                        DeadLetterFilter.ALL.deadBefore(deadCutoff),
                        now,
                        "retention",
                        Notifier.PURGE_BATCH));
    Instant historyCutoff = now.minus(retentions.history());
    long events =
        inBatches(() -> outbox.history().forgetBefore(historyCutoff, Notifier.PURGE_BATCH));
    return new Notifier.Retained(items, done, dead, events);
  }

  /** See {@link Notifier#purgeDeadLetters}. */
  long purgeDeadLetters(
      Instant before, TransportException.@Nullable Kind kind, @Nullable Medium medium) {
    Checks.notNull(before, "before");
    DeadLetterFilter filter = DeadLetterFilter.ALL.deadBefore(before);
    if (kind != null) {
      filter = filter.kinds(kind);
    }
    if (medium != null) {
      filter = filter.medium(medium.id());
    }
    return purgeDeadLetters(filter, null);
  }

  /** See {@link Notifier#purgeDeadLetters(DeadLetterFilter, String)}. */
  long purgeDeadLetters(DeadLetterFilter filter, @Nullable String by) {
    Checks.notNull(filter, "filter");
    Instant now = clock.instant();
    return inBatches(() -> outbox.deadLetters().purge(filter, now, by, Notifier.PURGE_BATCH));
  }

  /** Runs one batch of a purge after another until one deletes fewer than a whole batch. */
  private static long inBatches(IntSupplier batch) {
    long total = 0;
    for (int n = Notifier.PURGE_BATCH; n == Notifier.PURGE_BATCH; ) {
      n = batch.getAsInt();
      total += n;
    }
    return total;
  }

  private volatile boolean closed;
  private @Nullable AutoCloseable listening;

  /**
   * From the first worker pool on, another process's enqueue wakes this one's idle workers (on
   * PostgreSQL; elsewhere the outbox never tells and the workers poll).
   */
  private synchronized void listenOnce() {
    if (listening == null) {
      listening = outbox.onEnqueued(() -> workers.forEach(DeliveryWorkers::nudge));
    }
  }

  /** See {@link Notifier#close(Duration)}. */
  boolean close(Duration timeout) {
    Checks.notNull(timeout, "timeout");
    Checks.argument(!timeout.isNegative(), "timeout must not be negative, got %s", timeout);
    closed = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean all = true;
    for (DeliveryWorkers w : workers) {
      long left = Math.max(0, deadline - System.nanoTime());
      all &= w.close(Duration.ofNanos(left));
    }
    runner.shutdown();
    AutoCloseable l;
    synchronized (this) {
      l = listening;
      listening = null;
    }
    stopListening(l);
    return all;
  }

  private void stopListening(@Nullable AutoCloseable l) {
    if (l != null) {
      try {
        l.close();
      } catch (Exception e) {
        runner.containment.contained("the outbox's listener", e);
      }
    }
  }

  /** See {@link Notifier#deliverDue()}. */
  int deliverDue() {
    if (closed) {
      throw new IllegalStateException("the notifier is closed: build a new one to deliver again");
    }
    lastInlineDrain = clock.instant();
    return runner.drain("inline-" + UUID.randomUUID(), config.batchSize());
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

  /**
   * Logs a WARNING, at most every ten minutes, when publishes have queued deliveries for over a
   * minute and nothing delivers them (no worker pool started, or all closed): a host that forgot
   * {@link Notifier#startWorkers} hears of it instead of wondering why no email goes out.
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
      Containment.LOG.log(
          System.Logger.Level.WARNING,
          "notify has queued deliveries since "
              + since
              + " and no worker delivers them: call Notifier.startWorkers (or deliverDue)");
    }
  }

  /** See {@link Notifier#health()}. */
  DeliveryHealth health() {
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
        runner.containment.lastError(),
        runner.containment.failures.sum(),
        summary);
  }

  /** See {@link Notifier#startWorkers}. */
  DeliveryWorkers startWorkers(int threads, Duration idle) {
    if (closed) {
      throw new IllegalStateException("the notifier is closed: build a new one to deliver again");
    }
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
    synchronized (this) {
      listenOnce();
      DeliveryWorkers w =
          new DeliveryWorkers(
              runner,
              this::housekeeping,
              this::poolClosed,
              name,
              threads,
              config.batchSize(),
              idle);
      workers.add(w);
      workers.removeIf(DeliveryWorkers::isClosed);
      return w;
    }
  }

  /**
   * When the last running pool closed, stops listening: the listener holds a connection of the
   * host's pool, which a notifier with no workers has no use for (a new pool listens again).
   */
  private void poolClosed() {
    AutoCloseable l;
    synchronized (this) {
      for (DeliveryWorkers w : workers) {
        if (!w.isClosed()) {
          return;
        }
      }
      l = listening;
      listening = null;
    }
    stopListening(l);
  }

  /**
   * What the workers do between batches, at most once a minute across a notifier's pools: redrive
   * transient dead letters when auto-redrive is set. Its failures are the caller's to contain.
   */
  private void housekeeping() {
    long now = clock.millis();
    long next = nextHousekeeping.get();
    if (now < next || !nextHousekeeping.compareAndSet(next, now + HOUSEKEEPING_EVERY)) {
      return;
    }
    Duration after = retentions.autoRedrive();
    if (after != null) {
      redrive(transientBefore(clock.instant().minus(after)), "auto-redrive");
    }
  }

  /** See {@link Notifier#redriveTransientBefore}. */
  int redriveTransientBefore(Instant cutoff) {
    return redrive(transientBefore(Checks.notNull(cutoff, "cutoff")), null);
  }

  /** The transient dead letters that became dead before {@code cutoff}. */
  private static DeadLetterFilter transientBefore(Instant cutoff) {
    return DeadLetterFilter.ALL.kinds(TransportException.Kind.TRANSIENT).deadBefore(cutoff);
  }

  /** See {@link Notifier#redriveAll}. */
  int redriveAll() {
    return redrive(
        DeadLetterFilter.ALL.kinds(
            TransportException.Kind.PERMANENT, TransportException.Kind.TRANSIENT),
        null);
  }

  /** See {@link Notifier#redrive(DeadLetterFilter)}. */
  int redrive(DeadLetterFilter filter, @Nullable String by) {
    Checks.notNull(filter, "filter");
    // A redriven letter is no longer dead: each round lists the next ones, until a round finds
    // fewer than a batch or redrives none (letters another caller redrove meanwhile).
    int total = 0;
    while (true) {
      List<DeadLetter> batch = outbox.deadLetters().list(filter, null, Notifier.PURGE_BATCH);
      int n = 0;
      for (DeadLetter l : batch) {
        n += redrive(l.id(), by) ? 1 : 0;
      }
      total += n;
      if (batch.size() < Notifier.PURGE_BATCH || n == 0) {
        return total;
      }
    }
  }

  /** See {@link Notifier#deadLetters(DeadLetterFilter, DeadLetter, int)}. */
  List<DeadLetter> deadLetters(DeadLetterFilter filter, @Nullable DeadLetter after, int limit) {
    return outbox.deadLetters().list(Checks.notNull(filter, "filter"), after, limit);
  }

  /** See {@link Notifier#redrive}. */
  boolean redrive(String deliveryId, @Nullable String by) {
    Checks.notNull(deliveryId, "deliveryId");
    boolean back = outbox.deadLetters().redrive(deliveryId, clock.instant(), by);
    if (back) {
      workers.forEach(DeliveryWorkers::nudge);
    }
    return back;
  }

  /** See {@link Notifier#deadLetters}. */
  List<DeadLetter> deadLetters(int offset, int limit) {
    return outbox.deadLetters().list(offset, limit);
  }

  /** See {@link Notifier#stats()}. */
  DeliveryStats stats() {
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
        runner.containment.failures.sum());
  }
}
