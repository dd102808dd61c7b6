package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;

/**
 * The durable queue between deciding and delivering: publish enqueues every decided delivery for an
 * external medium, workers claim due entries with a lease, deliver them and complete them;
 * transient failures are rescheduled, permanent ones become dead letters.
 *
 * <p><b>Idempotent:</b> an entry is keyed by its id, the delivery's stable id (action, user,
 * medium): enqueuing an id the outbox has ever held — waiting, leased, done or dead — adds nothing.
 * <b>Leases:</b> a claimed entry is held by one worker until its lease ends; while it holds, no
 * other worker claims it, and only its holder may complete, reschedule or dead-letter it (a worker
 * whose lease ran out is refused: {@code false}, nothing changed). An entry whose lease ended is
 * claimable again. Instants are the caller's clock ({@code now}), so workers and stores agree on
 * one time line.
 *
 * <p><b>Threading:</b> every method is thread-safe and atomic; any number of workers, in any number
 * of processes for a shared store, may call it at once. <b>Blocking:</b> methods may block on I/O;
 * {@link #enqueue} runs on the publishing thread once per publish, the others on worker threads.
 * <b>Failures:</b> an unchecked exception means the call did nothing (a store that can not promise
 * that must say so): publish fails and the host may publish again; a worker keeps the entry until
 * its lease ends.
 *
 * @since 0.2.0
 */
public interface Outbox {
  /**
   * Enqueues entries, each unless its id was ever enqueued before (an id repeated within the call
   * is added once, the first time).
   *
   * @return for each entry, in order, whether this call added it
   */
  boolean[] enqueue(List<OutboxEntry> entries);

  /**
   * Claims up to {@code max} entries due at {@code now} and not held by a live lease, the longest
   * due first, for {@code workerId} until {@code now + lease}.
   */
  List<Claim> claim(String workerId, int max, Instant now, Duration lease);

  /**
   * Extends {@code workerId}'s leases on {@code ids} to {@code until}.
   *
   * @return the ids whose lease {@code workerId} still held at {@code now} and now holds until
   *     {@code until}
   */
  Set<String> extend(String workerId, Collection<String> ids, Instant until, Instant now);

  /**
   * Completes delivered entries, in one unit of work where the store has them (a worker completes a
   * whole batch in one round trip). An id whose lease {@code workerId} no longer holds is left
   * unchanged and missing from the result; an id repeated is completed once.
   *
   * @return the ids this call completed
   * @since 0.2.0 (the only form since 0.3.0: {@code complete(workerId, id, now)} is gone)
   */
  Set<String> completeAll(String workerId, Collection<String> ids, Instant now);

  /**
   * What became of an entry a worker completes, for the outbox's {@link #history() history}, and
   * what follows from it.
   *
   * @param id the entry's id
   * @param kind {@code SENT}, {@code GATHERED}, {@code THROTTLED} or {@code READ_IN_TIME}
   * @param detail the digest it was sent in, gathered or held back into; else empty
   * @param then entries to enqueue, like {@link #enqueue}, in the same unit of work when (and only
   *     when) this completion sticks: the events a host's webhook is told of, for example, which
   *     must neither be lost after the completion nor exist without it
   * @since 0.3.0
   */
  record Completion(String id, HistoryEvent.Kind kind, String detail, List<OutboxEntry> then) {
    /** Validates and copies. */
    public Completion {
      Checks.notNull(id, "id");
      Checks.notNull(kind, "kind");
      Checks.notNull(detail, "detail");
      then = List.copyOf(Checks.noNulls(then, "then"));
      Checks.argument(
          kind == HistoryEvent.Kind.SENT
              || kind == HistoryEvent.Kind.GATHERED
              || kind == HistoryEvent.Kind.THROTTLED
              || kind == HistoryEvent.Kind.READ_IN_TIME,
          "a completion is sent, gathered, throttled or read in time, got %s",
          kind);
    }

    /** A completion with nothing to follow it. */
    public Completion(String id, HistoryEvent.Kind kind, String detail) {
      this(id, kind, detail, List.of());
    }
  }

  /**
   * Completes entries like {@link #completeAll}, saying what became of each, so that an outbox
   * keeping a {@link #history() history} records it, and enqueues what follows each completion that
   * sticks ({@link Completion#then()}). notify's stores do all of it in one unit of work. The
   * default calls {@link #completeAll} with their ids, then {@link #enqueue} with what follows the
   * completed ones: a crash between the two loses what follows (an outbox of a host's own that
   * carries webhooks should override it).
   *
   * @return the ids this call completed
   * @since 0.3.0
   */
  default Set<String> complete(String workerId, List<Completion> completions, Instant now) {
    Checks.notNull(completions, "completions");
    List<String> ids = new ArrayList<>(completions.size());
    for (Completion c : completions) {
      ids.add(Checks.notNull(c, "completion").id());
    }
    Set<String> completed = completeAll(workerId, ids, now);
    List<OutboxEntry> then = new ArrayList<>();
    for (Completion c : completions) {
      if (completed.contains(c.id())) {
        then.addAll(c.then());
      }
    }
    if (!then.isEmpty()) {
      enqueue(then);
    }
    return completed;
  }

  /**
   * What this outbox recorded of each entry, each event in the same unit of work as its change
   * ({@link DeliveryHistory#NONE} by default: an outbox that keeps none).
   *
   * @since 0.3.0
   */
  default DeliveryHistory history() {
    return DeliveryHistory.NONE;
  }

  /**
   * Releases an entry after a failed attempt: it counts one more attempt and is due again at {@code
   * next}; {@code false} (and nothing changed) when the lease was lost.
   */
  boolean reschedule(String workerId, String id, Instant next, String error, Instant now);

  /**
   * Makes an entry a dead letter; {@code false} (and nothing changed) when the lease was lost.
   *
   * @param attempts the attempts made, this one included
   */
  boolean deadLetter(
      String workerId,
      String id,
      TransportException.Kind kind,
      String message,
      int attempts,
      Instant now);

  /**
   * Makes an entry a dead letter like {@link #deadLetter(String, String, TransportException.Kind,
   * String, int, Instant)} and, when it does, enqueues {@code then} (a webhook's event). notify's
   * stores do both in one unit of work; the default calls one then the other, so a crash between
   * them loses {@code then}.
   *
   * @return {@code false} (and nothing changed, nothing enqueued) when the lease was lost
   * @since 0.3.0
   */
  default boolean deadLetter(
      String workerId,
      String id,
      TransportException.Kind kind,
      String message,
      int attempts,
      Instant now,
      List<OutboxEntry> then) {
    Checks.noNulls(then, "then");
    boolean dead = deadLetter(workerId, id, kind, message, attempts, now);
    if (dead && !then.isEmpty()) {
      enqueue(then);
    }
    return dead;
  }

  /**
   * Gives back an entry a worker holds, due again at {@code notBefore}, with no attempt counted and
   * marked {@linkplain Claim#deferred deferred}: it waits for a later instant (quiet hours, a
   * digest window's end) before it is attempted.
   *
   * @return {@code false} (and nothing changed) when the lease was lost
   * @since 0.2.0
   */
  boolean defer(String workerId, String id, Instant notBefore, Instant now);

  /**
   * Makes waiting entries due at {@code due} when they would be due later: an entry whose wait has
   * become pointless (a digest's first member, deferred to the window's end, once another member
   * filled the window and sent it) is claimed now instead. Entries that are leased, done, dead,
   * unknown or due sooner are left as they are. Anyone may call it: it only moves a wait forward.
   * (Abstract since 0.3.0: a no-op default silently delayed digests.)
   *
   * @return how many entries it made due sooner
   * @since 0.2.0
   */
  int hasten(Collection<String> ids, Instant due);

  /**
   * Gives back entries a worker claimed but did not attempt (it is shutting down): due again at
   * once, with no attempt counted.
   *
   * @return how many it still held and gave back
   */
  int release(String workerId, Collection<String> ids, Instant now);

  /**
   * The dead letters of this outbox, to list, redrive and purge: a view over the same storage, the
   * same object on every call.
   *
   * @since 0.3.0
   */
  DeadLetters deadLetters();

  /** How many entries are in each state at {@code now}. */
  OutboxCounts counts(Instant now);

  /**
   * {@link #counts} for each medium (the last part of the entries' ids: {@code email}, a webhook's
   * {@code webhook.email.sent} …), sorted by medium, for dashboards. A medium without entries is
   * absent. By default empty: a store of a host's own that cannot say.
   *
   * @since 0.3.0
   */
  default SortedMap<String, OutboxCounts> countsByMedium(Instant now) {
    return Collections.emptySortedMap();
  }

  /**
   * Deletes up to {@code limit} entries completed before {@code before}, the oldest first, and with
   * them their ids: enqueuing such an id again adds it again (the action log forgets action ids
   * with the same retention, so a republish is still refused or recognised). Bounds the outbox's
   * storage; the notifier calls it in batches from {@code applyRetention}, so that no call holds
   * long locks.
   *
   * @return how many entries it deleted (fewer than {@code limit}: none are left that old)
   * @since 0.3.0
   */
  int purgeDone(Instant before, int limit);

  /**
   * Tells {@code wake} whenever an entry may have been enqueued by another process (another
   * instance's publish committed), so this process's idle workers look at once instead of at their
   * next poll; a publish in this process wakes them itself. The default never tells: the workers
   * poll. notify-jdbc tells through PostgreSQL's LISTEN/NOTIFY.
   *
   * <p><b>Threading:</b> {@code wake} is called on a thread of the outbox's, must not block and may
   * be called spuriously. <b>Failures:</b> an outbox that loses its way of telling keeps trying in
   * the background; the workers poll meanwhile.
   *
   * @return ends the telling (idempotent)
   * @since 0.3.0
   */
  default AutoCloseable onEnqueued(Runnable wake) {
    Objects.requireNonNull(wake, "wake cannot be null");
    return () -> {};
  }

  /**
   * Whether this store keeps what it holds across a restart of the process (a database does, the
   * in-memory stores do not). A notifier refuses a durable outbox beside stores that are not
   * ({@code NotifierBuilder#build}), since a restart would keep the queue and lose what it relies
   * on. {@code true} by default: a store of a host's own is taken to be durable.
   *
   * @since 0.3.0
   */
  default boolean durable() {
    return true;
  }
}
