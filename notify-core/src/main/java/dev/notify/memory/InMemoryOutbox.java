package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.Claim;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetters;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe in-memory {@link Outbox}: for tests, demos and single-process hosts that accept
 * losing what is queued when the process ends. One lock guards every operation, so each is atomic.
 *
 * <p>Memory: a delivered entry is reduced to its id (kept so that publishing the same action again
 * enqueues nothing); {@link #purgeDone} drops those ids too, ending idempotency for them, and its
 * {@link #deadLetters() dead letters}' purge drops them (the notifier's retention calls both).
 *
 * @since 0.2.0
 */
public final class InMemoryOutbox implements Outbox {
  private enum State {
    WAITING,
    LEASED,
    DONE,
    DEAD
  }

  private static final class Slot {
    final String id;
    @Nullable OutboxEntry entry; // null once done
    State state = State.WAITING;
    Instant due;
    long seq;
    int attempts;
    int claims; // how often a worker claimed it: the claim says whether it was claimed before
    boolean deferred;
    @Nullable String worker;
    @Nullable Instant leaseUntil;
    @Nullable Instant doneAt;

    Slot(OutboxEntry entry, long seq) {
      this.id = entry.id();
      this.entry = entry;
      this.due = entry.notBefore();
      this.seq = seq;
    }
  }

  private static final Comparator<Slot> BY_DUE =
      Comparator.comparing((Slot s) -> s.due).thenComparingLong(s -> s.seq);
  private static final Comparator<Slot> BY_LEASE =
      Comparator.comparing((Slot s) -> s.leaseUntil).thenComparingLong(s -> s.seq);

  private final Object lock = new Object();
  private final Map<String, Slot> slots = new HashMap<>(1 << 12);

  /**
   * Waiting slots, the longest due first (a binary heap: publishes add entries in due order, so
   * adding one costs a comparison or two).
   */
  private final PriorityQueue<Slot> waiting = new PriorityQueue<>(BY_DUE);

  private final TreeSet<Slot> leased = new TreeSet<>(BY_LEASE);
  private final InMemoryDeadLetters dead = new InMemoryDeadLetters(lock, this);
  private final InMemoryDeliveryHistory history = new InMemoryDeliveryHistory(lock);

  /** Completed slots in the order they were completed (by the callers' clocks, nearly in time). */
  private final ArrayDeque<Slot> completed = new ArrayDeque<>();

  private long seq;
  private long done;

  /** An empty outbox. */
  public InMemoryOutbox() {}

  @Override
  public boolean[] enqueue(List<OutboxEntry> entries) {
    Checks.noNulls(entries, "entries");
    boolean[] added = new boolean[entries.size()];
    synchronized (lock) {
      for (int i = 0; i < added.length; i++) {
        added[i] = add(entries.get(i));
      }
    }
    return added;
  }

  /** Adds an entry unless its id was ever held; under the lock. */
  private boolean add(OutboxEntry e) {
    Slot s = new Slot(e, seq);
    if (slots.putIfAbsent(s.id, s) != null) {
      return false;
    }
    seq++;
    queue(s);
    history.record(
        s.id,
        e.enqueuedAt(),
        HistoryEvent.Kind.QUEUED,
        e.notBefore(),
        e.delivery().reason().explain(),
        null);
    return true;
  }

  private void queue(Slot s) {
    waiting.add(s);
  }

  /** The longest-due waiting slot due at {@code now}, taken off the queue; null when none is. */
  private @Nullable Slot nextDue(Instant now) {
    Slot first = waiting.peek();
    return first == null || first.due.isAfter(now) ? null : waiting.poll();
  }

  @Override
  public List<Claim> claim(String workerId, int max, Instant now, Duration lease) {
    Checks.text(workerId, "workerId");
    Checks.argument(max > 0, "max must be positive, got %s", max);
    Checks.notNull(now, "now");
    Checks.notNull(lease, "lease");
    Checks.argument(
        !lease.isNegative() && !lease.isZero(), "lease must be positive, got %s", lease);
    Instant until = now.plus(lease);
    List<Claim> out = new ArrayList<>();
    synchronized (lock) {
      expireLeases(now);
      Slot s;
      while (out.size() < max && (s = nextDue(now)) != null) {
        s.state = State.LEASED;
        s.worker = workerId;
        s.leaseUntil = until;
        leased.add(s);
        OutboxEntry e = Objects.requireNonNull(s.entry); // kept until done
        if (!e.notBefore().equals(s.due)) {
          e = new OutboxEntry(e.id(), e.delivery(), s.due, e.enqueuedAt()); // due now, not at first
        }
        out.add(new Claim(e, workerId, s.attempts, until, s.deferred, s.claims++ > 0));
      }
    }
    return out;
  }

  /** When a leased slot's lease ends (set whenever it is leased). */
  private static Instant leaseEnd(Slot s) {
    return Objects.requireNonNull(s.leaseUntil);
  }

  /** Leases that ended go back to waiting, due at once (they were due when claimed). */
  private void expireLeases(Instant now) {
    while (!leased.isEmpty() && !leaseEnd(leased.first()).isAfter(now)) {
      Slot s = leased.pollFirst();
      s.state = State.WAITING;
      s.worker = null;
      s.leaseUntil = null;
      queue(s);
    }
  }

  /** The slot {@code workerId} holds a live lease on at {@code now}, or null. */
  private @Nullable Slot held(String workerId, String id, Instant now) {
    Slot s = slots.get(id);
    if (s == null
        || s.state != State.LEASED
        || !workerId.equals(s.worker)
        || !leaseEnd(s).isAfter(now)) {
      return null;
    }
    return s;
  }

  /** The entry {@code workerId} holds, taken off its lease; null when it holds none (see held). */
  private @Nullable Slot unlease(String workerId, String id, Instant now) {
    Slot s = held(workerId, id, now);
    if (s != null) {
      leased.remove(s);
      s.worker = null;
      s.leaseUntil = null;
    }
    return s;
  }

  @Override
  public Set<String> extend(String workerId, Collection<String> ids, Instant until, Instant now) {
    Checks.text(workerId, "workerId");
    Checks.noNulls(ids, "ids");
    Checks.notNull(until, "until");
    Checks.notNull(now, "now");
    Set<String> out = new HashSet<>();
    synchronized (lock) {
      for (String id : ids) {
        Slot s = held(workerId, id, now);
        if (s != null && until.isAfter(s.leaseUntil)) {
          leased.remove(s);
          s.leaseUntil = until;
          leased.add(s);
        }
        if (s != null) {
          out.add(id);
        }
      }
    }
    return out;
  }

  @Override
  public Set<String> completeAll(String workerId, Collection<String> ids, Instant now) {
    Checks.noNulls(ids, "ids");
    List<Completion> sent = new ArrayList<>(ids.size());
    for (String id : ids) {
      sent.add(new Completion(id, HistoryEvent.Kind.SENT, ""));
    }
    return complete(workerId, sent, now);
  }

  @Override
  public Set<String> complete(String workerId, List<Completion> completions, Instant now) {
    Checks.text(workerId, "workerId");
    Checks.noNulls(completions, "completions");
    Checks.notNull(now, "now");
    Set<String> completed = new LinkedHashSet<>();
    synchronized (lock) {
      for (Completion c : completions) {
        String id = c.id();
        Slot s = unlease(workerId, id, now);
        if (s != null) {
          history.record(id, now, c.kind(), null, c.detail(), workerId);
          s.state = State.DONE;
          s.entry = null;
          s.doneAt = now;
          this.completed.add(s);
          done++;
          completed.add(id);
          c.then().forEach(this::add);
        }
      }
    }
    return completed;
  }

  @Override
  public boolean reschedule(String workerId, String id, Instant next, String error, Instant now) {
    Checks.text(workerId, "workerId");
    Checks.notNull(id, "id");
    Checks.notNull(next, "next");
    Checks.notNull(error, "error");
    Checks.notNull(now, "now");
    synchronized (lock) {
      boolean held = requeue(workerId, id, now, next, true);
      if (held) {
        history.record(id, now, HistoryEvent.Kind.ATTEMPT_FAILED, next, error, workerId);
      }
      return held;
    }
  }

  /**
   * Gives back a held entry, due at {@code due}: after a failed attempt (one more attempt, and
   * behind the entries already due then) or deferred (it keeps its place among them: publish
   * order).
   */
  private boolean requeue(String workerId, String id, Instant now, Instant due, boolean attempted) {
    synchronized (lock) {
      Slot s = unlease(workerId, id, now);
      if (s == null) {
        return false;
      }
      s.state = State.WAITING;
      s.due = due;
      if (attempted) {
        s.attempts++;
        s.seq = seq++;
      } else {
        s.deferred = true;
      }
      queue(s);
      return true;
    }
  }

  @Override
  public boolean deadLetter(
      String workerId,
      String id,
      TransportException.Kind kind,
      String message,
      int attempts,
      Instant now) {
    return deadLetter(workerId, id, kind, message, attempts, now, List.of());
  }

  @Override
  public boolean deadLetter(
      String workerId,
      String id,
      TransportException.Kind kind,
      String message,
      int attempts,
      Instant now,
      List<OutboxEntry> then) {
    Checks.text(workerId, "workerId");
    Checks.notNull(id, "id");
    Checks.notNull(kind, "kind");
    Checks.notNull(message, "message");
    Checks.notNull(now, "now");
    Checks.noNulls(then, "then");
    synchronized (lock) {
      Slot s = unlease(workerId, id, now);
      if (s == null) {
        return false;
      }
      s.state = State.DEAD;
      s.attempts = attempts;
      dead.add(new DeadLetter(Objects.requireNonNull(s.entry), kind, message, attempts, now));
      history.record(id, now, HistoryEvent.Kind.DEAD_LETTER, null, kind + ": " + message, workerId);
      then.forEach(this::add);
      return true;
    }
  }

  @Override
  public boolean defer(String workerId, String id, Instant notBefore, Instant now) {
    Checks.text(workerId, "workerId");
    Checks.notNull(id, "id");
    Checks.notNull(notBefore, "notBefore");
    Checks.notNull(now, "now");
    synchronized (lock) {
      boolean held = requeue(workerId, id, now, notBefore, false);
      if (held) {
        history.record(id, now, HistoryEvent.Kind.DEFERRED, notBefore, "", workerId);
      }
      return held;
    }
  }

  @Override
  public int hasten(Collection<String> ids, Instant due) {
    Checks.noNulls(ids, "ids");
    Checks.notNull(due, "due");
    int n = 0;
    synchronized (lock) {
      for (String id : ids) {
        Slot s = slots.get(id);
        if (s != null && s.state == State.WAITING && s.due.isAfter(due)) {
          waiting.remove(s); // linear in the queue: called once per digest sent
          s.due = due;
          queue(s);
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public int release(String workerId, Collection<String> ids, Instant now) {
    Checks.text(workerId, "workerId");
    Checks.noNulls(ids, "ids");
    Checks.notNull(now, "now");
    int n = 0;
    synchronized (lock) {
      for (String id : ids) {
        Slot s = unlease(workerId, id, now);
        if (s != null) {
          s.state = State.WAITING;
          queue(s);
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public SortedMap<String, OutboxCounts> countsByMedium(Instant now) {
    Checks.notNull(now, "now");
    // scheduled, due, leased, done, dead per medium; and the oldest due instant
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Instant> oldest = new HashMap<>();
    synchronized (lock) {
      expireLeases(now);
      for (Slot s : slots.values()) {
        String medium = s.id.substring(s.id.lastIndexOf('/') + 1);
        long[] c = counts.computeIfAbsent(medium, m -> new long[5]);
        switch (s.state) {
          case WAITING -> {
            if (s.due.isAfter(now)) {
              c[0]++;
            } else {
              c[1]++;
              oldest.merge(medium, s.due, (a, b) -> a.isBefore(b) ? a : b);
            }
          }
          case LEASED -> c[2]++;
          case DONE -> c[3]++;
          case DEAD -> c[4]++;
        }
      }
    }
    SortedMap<String, OutboxCounts> out = new TreeMap<>();
    counts.forEach(
        (m, c) -> {
          Instant o = oldest.get(m);
          out.put(
              m,
              new OutboxCounts(
                  c[0], c[1], c[2], c[3], c[4], o == null ? null : Duration.between(o, now)));
        });
    return Collections.unmodifiableSortedMap(out);
  }

  @Override
  public OutboxCounts counts(Instant now) {
    Checks.notNull(now, "now");
    synchronized (lock) {
      expireLeases(now);
      // A scan of the waiting entries: counts are for metrics, read now and then.
      long due = 0;
      for (Slot s : waiting) {
        if (!s.due.isAfter(now)) {
          due++;
        }
      }
      Instant oldest = due == 0 ? null : waiting.peek().due;
      return new OutboxCounts(
          waiting.size() - due,
          due,
          leased.size(),
          done,
          dead.size(),
          oldest == null ? null : Duration.between(oldest, now));
    }
  }

  /**
   * Forgets the ids of entries delivered before {@code before}: publishing their actions again
   * would enqueue them again. Kept for hosts of 0.2.0: {@link #purgeDone} is the same in batches.
   *
   * @return how many were forgotten
   */
  public int forgetDoneBefore(Instant before) {
    return purgeDone(before, Integer.MAX_VALUE);
  }

  @Override
  public int purgeDone(Instant before, int limit) {
    Checks.notNull(before, "before");
    Checks.argument(limit > 0, "limit must be positive, got %s", limit);
    int n = 0;
    synchronized (lock) {
      var it = completed.iterator();
      while (n < limit && it.hasNext()) {
        Slot s = it.next();
        if (!Objects.requireNonNull(s.doneAt).isBefore(before)) {
          break; // completed in time order: the rest are younger
        }
        it.remove();
        slots.remove(s.id);
        done--;
        n++;
      }
    }
    return n;
  }

  @Override
  public DeadLetters deadLetters() {
    return dead;
  }

  /**
   * Puts dead entry {@code id} back, due at {@code now}: its dead letter was just removed by {@link
   * InMemoryDeadLetters#redrive}, which holds the lock.
   */
  void revive(String id, Instant now, @Nullable String by) {
    synchronized (lock) {
      Slot s = slots.get(id);
      if (s == null || s.state != State.DEAD) {
        throw new IllegalStateException("entry " + id + " is not dead");
      }
      s.state = State.WAITING;
      s.attempts = 0;
      s.deferred = true; // decided once: a redrive sends it, whatever its first claim checked
      s.due = now;
      s.seq = seq++;
      queue(s);
      history.record(id, now, HistoryEvent.Kind.REDRIVEN, now, "", by);
    }
  }

  /** Forgets dead entry {@code id}, whose dead letter was purged at {@code now}, and its id. */
  void forget(String id, Instant now, @Nullable String by) {
    synchronized (lock) {
      slots.remove(id);
      history.record(id, now, HistoryEvent.Kind.PURGED, null, "", by);
    }
  }

  /** What this outbox recorded of each entry, under its lock with each change. */
  @Override
  public DeliveryHistory history() {
    return history;
  }

  /** {@code false}: what it holds ends with the process. */
  @Override
  public boolean durable() {
    return false;
  }
}
