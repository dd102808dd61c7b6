package dev.notify.pipeline;

import dev.notify.Limits;
import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import dev.notify.spi.Claim;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.TimingProvider;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import dev.notify.timeline.TimelinePolicy;
import dev.notify.timeline.UserTiming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The delivering half of the pipeline, written once for {@link Notifier#deliverDue()} and the
 * {@link DeliveryWorkers}: claim due entries, attempt each within its deadline, then complete,
 * reschedule or dead-letter it. Thread-safe: workers share one runner.
 */
final class DeliveryRunner {
  /** What one attempt gave: sent, or a failure of a kind with its message. */
  private record Attempted(TransportException.@Nullable Kind kind, String message) {
    static final Attempted SENT = new Attempted(null, "");
  }

  private final Outbox outbox;
  private final InboxStore inbox;
  private final Map<Medium, Transport> transports;
  private final RetryPolicy retry;
  private final RandomGenerator random;
  private final Clock clock;
  private final Duration lease;
  private final Duration attemptTimeout;
  private final Attempts attempts;
  private final TimingProvider timings;
  private final TimelinePolicy timeline;
  private final DigestBook digests;
  private final DeliveryObserver observer;
  final LongAdder delivered = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder readInTime = new LongAdder();
  final LongAdder digested = new LongAdder();
  final LongAdder digestsSent = new LongAdder();

  /** Failures the workers contained: a claim, a plan, an observer or a store that threw. */
  final LongAdder failures = new LongAdder();

  private volatile @Nullable Instant lastClaim;
  private volatile @Nullable Instant lastErrorAt;
  private volatile @Nullable String lastError;

  /** When the last claim succeeded (whatever it found), or null before the first. */
  @Nullable Instant lastClaim() {
    return lastClaim;
  }

  /** When the last contained failure happened, or null. */
  @Nullable Instant lastErrorAt() {
    return lastErrorAt;
  }

  /** The last contained failure, described, or null. */
  @Nullable String lastError() {
    return lastError;
  }

  /** The attempt threads. */
  Attempts attempts() {
    return attempts;
  }

  /**
   * Records a failure the pipeline contained (counted, kept for the health check) and logs it: at
   * WARNING the first time a kind of failure (where, and the throwable's class) is seen in ten
   * minutes, else at DEBUG, so an outage logs one WARNING per kind and not one per entry.
   *
   * @param where what failed, without ids ("the timing provider")
   * @param subject what it failed for ("user u3"), or empty
   */
  void contained(String where, String subject, Throwable t) {
    failures.increment();
    String what = where + (subject.isEmpty() ? "" : " (" + subject + ")") + ": " + describe(t);
    lastError = what;
    lastErrorAt = clock.instant();
    long now = System.nanoTime();
    Long last = logged.get(where + t.getClass().getName());
    boolean fresh = last == null || now - last > LOG_AGAIN_AFTER;
    if (fresh) {
      if (logged.size() > 1_000) {
        logged.clear(); // a bound: kinds of failure are few, this only guards against a flood
      }
      logged.put(where + t.getClass().getName(), now);
    }
    LOG.log(
        fresh ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
        "notify contained a failure in " + what + " (delivery goes on)",
        t);
  }

  /** {@link #contained(String, String, Throwable)} with no subject. */
  void contained(String where, Throwable t) {
    contained(where, "", t);
  }

  private final ConcurrentHashMap<String, Long> logged = new ConcurrentHashMap<>();
  private static final long LOG_AGAIN_AFTER = 600_000_000_000L;

  static final System.Logger LOG = System.getLogger("dev.notify.pipeline.DeliveryWorkers");

  /**
   * A throwable's message with its causes (up to three), cut to the outbox's error column: what a
   * retry or dead letter says, so an operator reads the transport's real reason.
   */
  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    Throwable c = t;
    for (int depth = 0; c != null && depth < 4; depth++, c = c.getCause()) {
      if (depth > 0) {
        b.append("; caused by ");
      }
      String m = c.getMessage();
      if (c instanceof TransportException && depth == 0 && m != null) {
        b.append(m);
      } else {
        b.append(c.getClass().getName());
        if (m != null) {
          b.append(": ").append(m);
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return Limits.error(b.toString());
  }

  DeliveryRunner(DeliveryConfig config, Attempts attempts) {
    this.outbox = config.outbox();
    this.inbox = config.inbox();
    this.transports = config.transports();
    this.retry = config.retry();
    this.random = config.random();
    this.clock = config.clock();
    this.lease = config.lease();
    this.attemptTimeout = config.attemptTimeout();
    this.attempts = attempts;
    this.timings = config.timings();
    this.timeline = config.timeline();
    this.digests = config.digests();
    this.observer = config.observer();
  }

  /**
   * Claims one batch and delivers it; between entries, {@code stopping} is asked, and what is not
   * attempted yet is given back. Sent entries are completed together (one round trip for a
   * database): at the end of the batch, before leases are extended, and once the oldest of them has
   * waited {@link #COMPLETE_WITHIN}, which bounds what a crash makes a worker send again.
   *
   * @return how many entries it claimed
   */
  int runBatch(String workerId, int max, BooleanSupplier stopping) {
    List<Claim> claims = outbox.claim(workerId, max, clock.instant(), lease);
    lastClaim = clock.instant();
    if (claims.isEmpty()) {
      return 0;
    }
    Instant leaseUntil = claims.get(0).leaseUntil();
    List<Plan> plans;
    try {
      plans = plan(claims);
    } catch (Throwable t) {
      // plan() contains each entry's failure; this is one of its own (an OutOfMemoryError, say):
      // give the batch back at once rather than leave it leased until the lease ends.
      contained("planning a batch", t);
      release(workerId, claims);
      return 0; // so the worker pauses before it tries again
    }
    Set<String> lost = new HashSet<>();
    Pending pending = new Pending();
    try {
      for (int i = 0; i < claims.size(); i++) {
        if (stopping.getAsBoolean()) {
          List<String> rest = new ArrayList<>();
          claims.subList(i, claims.size()).forEach(c -> rest.add(c.id()));
          outbox.release(workerId, rest, clock.instant());
          break;
        }
        Instant now = clock.instant();
        if (pending.first != null && !now.isBefore(pending.first.plus(COMPLETE_WITHIN))) {
          pending.complete(workerId);
        }
        // The lease must outlast this attempt's deadline: extend what is left of the batch.
        if (leaseUntil.isBefore(now.plus(attemptTimeout).plus(attemptTimeout))) {
          pending.complete(workerId); // while their leases still hold
          leaseUntil = now.plus(lease);
          List<String> rest = new ArrayList<>();
          claims.subList(i, claims.size()).forEach(c -> rest.add(c.id()));
          Set<String> held = outbox.extend(workerId, rest, leaseUntil, now);
          rest.stream().filter(id -> !held.contains(id)).forEach(lost::add);
        }
        if (lost.contains(claims.get(i).id())) {
          continue; // its lease ran out: another worker may hold it now
        }
        Finished done;
        try {
          done = deliver(workerId, claims.get(i), plans.get(i));
        } catch (Throwable t) {
          // One entry's unexpected failure (a store call that threw) ends only its own attempt:
          // it comes back when its lease ends; the rest of the batch goes on.
          contained("delivering an entry", claims.get(i).id(), t);
          continue;
        }
        if (done != null) {
          pending.add(claims.get(i).id(), done);
        }
      }
    } finally {
      pending.complete(workerId);
    }
    return claims.size();
  }

  /** Gives claims back, due now; a failure here leaves them to their lease's end. */
  private void release(String workerId, List<Claim> claims) {
    try {
      List<String> ids = new ArrayList<>(claims.size());
      claims.forEach(c -> ids.add(c.id()));
      outbox.release(workerId, ids, clock.instant());
    } catch (Throwable t) {
      contained("releasing a batch", t);
    }
  }

  /** How long a finished entry may wait for the batch's completion: a second. */
  private static final Duration COMPLETE_WITHIN = Duration.ofSeconds(1);

  /** What became of an attempted entry, for its completion. */
  private enum Done {
    /** Sent (alone, or a digest by its sender). */
    SENT,
    /** In a digest another entry sends: the book keeps it. */
    HANDED_OVER,
    /** {@code IF_UNREAD} and read in the app in time: not to be sent. */
    READ_IN_TIME
  }

  /**
   * Entries finished but not completed yet, completed together in one call (one round trip for a
   * database); an entry whose lease ran out meanwhile is refused and may be done again by another
   * worker (at least once). Counted by what they were once completed. One per batch, one thread.
   */
  private final class Pending {
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Finished> finished = new HashMap<>();
    private @Nullable Instant first;

    void add(String id, Finished f) {
      ids.add(id);
      finished.put(id, f);
      if (first == null) {
        first = clock.instant();
      }
    }

    void complete(String workerId) {
      if (ids.isEmpty()) {
        return;
      }
      for (String id : outbox.completeAll(workerId, ids, clock.instant())) {
        Finished f = finished.get(id);
        switch (f.done()) {
          case SENT -> {
            delivered.increment();
            if (f.digest() != null) {
              digested.increment(); // the sender is in its digest too
            }
            tell(
                () -> {
                  if (f.digest() != null) {
                    observer.digestSent(f.digest());
                  } else {
                    observer.sent(f.delivery());
                  }
                });
          }
          case HANDED_OVER -> digested.increment();
          case READ_IN_TIME -> {
            readInTime.increment();
            tell(() -> observer.readInTime(f.delivery()));
          }
          default -> throw new IllegalStateException("nothing to complete for " + id);
        }
      }
      ids.clear();
      finished.clear();
      first = null;
    }
  }

  /** What an attempted entry was: how it ended, its delivery, the digest it sent if it did. */
  private record Finished(Done done, Delivery delivery, @Nullable Digest digest) {}

  /**
   * Tells the observer; what it throws, an {@link Error} too, changes nothing delivered or recorded
   * (it is counted and logged as a contained failure).
   */
  private void tell(Runnable event) {
    try {
      event.run();
    } catch (Throwable t) {
      contained("the delivery observer", t);
    }
  }

  /** Delivers every entry due now, batch after batch, on the caller's thread. */
  int drain(String workerId, int max) {
    int total = 0;
    int n;
    do {
      n = runBatch(workerId, max, () -> false);
      total += n;
    } while (n == max);
    return total;
  }

  /**
   * Attempts one entry; a failure is rescheduled or dead-lettered, a wait deferred, here.
   *
   * @return what it was, so the caller completes it; {@code null} when there is nothing to complete
   */
  private @Nullable Finished deliver(String workerId, Claim claim, Plan plan) {
    Delivery d = claim.entry().delivery();
    if (plan.failure() != null) {
      Failure f = plan.failure();
      fail(workerId, claim, null, f.kind(), f.message(), f.retry());
      return null;
    }
    if (plan.readInTime()) {
      return new Finished(Done.READ_IN_TIME, d, null);
    }
    if (plan.deferUntil() != null) {
      outbox.defer(workerId, claim.id(), plan.deferUntil(), clock.instant());
      return null;
    }
    Digest digest = null;
    DigestPlacement p = plan.placement();
    if (p != null && !p.alone()) {
      if (!p.sentBy(claim.id())) {
        return new Finished(Done.HANDED_OVER, d, null);
      }
      Instant sendAt =
          timeline.digestGoesAt(
              Objects.requireNonNull(p.sendFrom()), Objects.requireNonNull(plan.timing()));
      Instant now = clock.instant();
      if (now.isBefore(sendAt)) {
        outbox.defer(workerId, claim.id(), sendAt, now); // the window is still open
        return null;
      }
      Optional<Digest> sealed;
      try {
        sealed = digests.seal(p.digestId(), claim.id());
      } catch (Throwable e) {
        contained("the digest book's seal", e);
        fail(workerId, claim, null, TransportException.Kind.TRANSIENT, describe(e), true);
        return null;
      }
      if (sealed.isEmpty()) {
        return new Finished(
            Done.HANDED_OVER, d, null); // another delivery filled the window: it sends
      }
      digest = sealed.get();
    }
    Transport t = transports.get(d.medium());
    Attempted o =
        t == null
            ? new Attempted(
                TransportException.Kind.PERMANENT, "no transport for medium " + d.medium().id())
            : attempt(t, d, digest);
    if (o == null) {
      return null; // interrupted: the lease runs out and the entry is claimed again
    }
    if (o == Attempted.SENT) {
      if (digest != null) {
        digestsSent.increment();
        try {
          digests.markSent(digest.id());
        } catch (Throwable e) {
          // Only lets the book forget the window: unmarked, it is kept (costs room, loses nothing).
          contained("the digest book's markSent", e);
        }
        String first = digest.deliveries().get(0).id();
        if (!first.equals(claim.id())) {
          // It filled the window: the first member, deferred to the window's end, need not wait.
          try {
            outbox.hasten(List.of(first), clock.instant());
          } catch (Throwable e) {
            // Then it hands itself over at the window's end, as it would have.
            contained("the outbox's hasten", e);
          }
        }
      }
      return new Finished(Done.SENT, d, digest);
    }
    String message = o.message();
    if (digest != null) {
      // The dead letter is the sender's entry: say it stands for the whole digest.
      message = "digest of " + digest.size() + ": " + message;
    }
    boolean retryable =
        o.kind() == TransportException.Kind.TRANSIENT
            || (o.kind() == TransportException.Kind.UNKNOWN && t != null && t.resendsSafely());
    fail(workerId, claim, t, o.kind(), message, retryable);
    return null;
  }

  /**
   * Ends a failed attempt: rescheduled with backoff while the policy allows and it is worth it,
   * else a dead letter; each carries {@code message}, cut to the outbox's error column.
   */
  private void fail(
      String workerId,
      Claim claim,
      @Nullable Transport t,
      TransportException.Kind kind,
      String message,
      boolean retryable) {
    Delivery d = claim.entry().delivery();
    int attempt = claim.attempts() + 1;
    Instant now = clock.instant();
    if (retryable && attempt < retry.maxAttempts()) {
      Instant next = now.plus(retry.delayBefore(attempt, random));
      String error = Limits.error(message);
      if (outbox.reschedule(workerId, claim.id(), next, error, now)) {
        retried.increment();
        tell(() -> observer.retried(d, attempt, next, error));
      }
      return;
    }
    String last =
        Limits.error(retryable ? "gave up after " + attempt + " attempts: " + message : message);
    if (outbox.deadLetter(workerId, claim.id(), kind, last, attempt, now)) {
      deadLettered.increment();
      tell(() -> observer.deadLettered(d, kind, last, attempt));
    }
  }

  /**
   * What a first look at a claimed entry decided, before any attempt.
   *
   * @param timing the recipient's timing, when it was needed
   * @param readInTime an {@code IF_UNREAD} email whose in-app notification was read in time
   * @param deferUntil an {@code IF_UNREAD} email past its unread deadline, held by quiet hours
   * @param placement where the digest book placed a non-urgent email
   * @param failure why it could not be planned (its timing, its read state or its placement
   *     failed): it is not attempted
   */
  private record Plan(
      @Nullable UserTiming timing,
      boolean readInTime,
      @Nullable Instant deferUntil,
      @Nullable DigestPlacement placement,
      @Nullable Failure failure) {
    static final Plan SEND = new Plan(null, false, null, null, null);

    static Plan failed(Failure f) {
      return new Plan(null, false, null, null, f);
    }
  }

  /** Why an entry could not be planned, and whether that is worth a retry. */
  private record Failure(TransportException.Kind kind, String message, boolean retry) {}

  /**
   * Looks at a batch before attempting any of it: the checks of an {@code IF_UNREAD} email's first
   * claim (read in time, then quiet hours from its deadline), and the digest book's placement of
   * every non-urgent email, all in one call in the batch's order (the order they fell due in).
   */
  private List<Plan> plan(List<Claim> claims) {
    List<Plan> plans = new ArrayList<>(claims.size());
    List<DigestBook.Request> requests = new ArrayList<>();
    List<Integer> placing = new ArrayList<>();
    // Asked once per user of the batch: a provider may read a database. A user whose timing cannot
    // be read fails their own entries only.
    Map<String, Object> timingOf = new HashMap<>();
    for (int i = 0; i < claims.size(); i++) {
      Claim claim = claims.get(i);
      Delivery d = claim.entry().delivery();
      try {
        String option = d.option().id();
        UserTiming timing = null;
        if (claim.fresh() && conditional(d)) {
          if (readInTime(d)) {
            plans.add(new Plan(null, true, null, null, null));
            continue;
          }
          // Rule 9 after rule 8: published at its unread deadline, quiet hours hold it from there.
          timing = timing(timingOf, d.recipient().id());
          Instant due = claim.entry().notBefore();
          Instant goes = timeline.afterUnreadDeadline(due, option, timing);
          if (goes.isAfter(due)) {
            plans.add(new Plan(timing, false, goes, null, null));
            continue;
          }
        }
        if (timeline.gathers(d.medium(), option)) {
          if (timing == null) {
            timing = timing(timingOf, d.recipient().id());
          }
          requests.add(
              new DigestBook.Request(
                  d, claim.entry().notBefore(), timeline.digestOf(d.medium(), option, timing)));
          placing.add(i);
        }
        plans.add(timing == null ? Plan.SEND : new Plan(timing, false, null, null, null));
      } catch (TimingFailed e) {
        // The host's timing provider cannot say when this user is told (a user deleted after the
        // publish): a dead letter with the reason; an operator redrives it once the host answers.
        plans.add(
            Plan.failed(
                new Failure(
                    TransportException.Kind.TRANSIENT,
                    "cannot be planned: the timing provider failed for user "
                        + d.recipient().id()
                        + ": "
                        + describe(e.getCause()),
                    false)));
      } catch (Throwable e) {
        contained("planning an entry", claim.id(), e);
        plans.add(
            Plan.failed(
                new Failure(
                    TransportException.Kind.TRANSIENT, "cannot be planned: " + describe(e), true)));
      }
    }
    if (!requests.isEmpty()) {
      List<DigestPlacement> placed = placeAll(requests);
      for (int k = 0; k < placed.size(); k++) {
        Plan before = plans.get(placing.get(k));
        DigestPlacement p = placed.get(k);
        plans.set(
            placing.get(k),
            p == null
                ? Plan.failed(
                    new Failure(
                        TransportException.Kind.TRANSIENT,
                        "cannot be placed in its digest: " + lastError,
                        true))
                : new Plan(before.timing(), false, null, p, null));
      }
    }
    return plans;
  }

  /** A failure of the timing provider, told apart from the other failures of planning. */
  private static final class TimingFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimingFailed(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** A user's timing, asked once per batch; the provider's failure is remembered for the batch. */
  private UserTiming timing(Map<String, Object> timingOf, String userId) {
    Object known =
        timingOf.computeIfAbsent(
            userId,
            u -> {
              try {
                return Checks.notNull(timings.timingOf(u), "the timing of " + u);
              } catch (Throwable e) {
                contained("the timing provider", "user " + u, e);
                return new TimingFailed(e);
              }
            });
    if (known instanceof TimingFailed f) {
      throw f;
    }
    return (UserTiming) known;
  }

  /**
   * The book's placements of {@code requests}, in one call; when that call fails, each request is
   * placed on its own so that one bad request fails only its entry (null in the answer).
   */
  private List<@Nullable DigestPlacement> placeAll(List<DigestBook.Request> requests) {
    try {
      List<DigestPlacement> placed = digests.placeAll(requests);
      if (placed.size() == requests.size()) {
        return new ArrayList<>(placed);
      }
      contained(
          "the digest book",
          new IllegalStateException(
              "the digest book answered "
                  + placed.size()
                  + " of "
                  + requests.size()
                  + " requests"));
    } catch (Throwable e) {
      contained("the digest book's placeAll", e);
    }
    List<@Nullable DigestPlacement> out = new ArrayList<>(requests.size());
    for (DigestBook.Request r : requests) {
      try {
        out.add(digests.place(r.delivery(), r.due(), r.policy()));
      } catch (Throwable e) {
        contained("the digest book's place", r.delivery().id(), e);
        out.add(null);
      }
    }
    return out;
  }

  /** Forgets the digest windows that ended before {@code cutoff}. */
  void forgetDigests(Instant cutoff) {
    digests.forget(cutoff);
  }

  private static boolean conditional(Delivery d) {
    return d.reason().frequency() != null && d.reason().frequency().isConditional();
  }

  /**
   * Whether the in-app notification of {@code d}'s action, an {@code IF_UNREAD} delivery, is read:
   * checked when it is due (its first claim), not when it was scheduled. Without an in-app
   * notification it is sent.
   */
  private boolean readInTime(Delivery d) {
    String userId = d.recipient().id();
    return inbox
        .find(userId, Delivery.idOf(d.action().id(), userId, Medium.IN_APP))
        .map(InboxItem::read)
        .orElse(false);
  }

  /** One attempt within the deadline; {@code null} when this thread was interrupted. */
  private @Nullable Attempted attempt(Transport t, Delivery d, @Nullable Digest digest) {
    Attempts.Run run;
    try {
      run =
          attempts.run(
              () -> {
                if (digest == null) {
                  t.deliver(d);
                } else {
                  t.deliverDigest(digest);
                }
              },
              attemptTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    switch (run.result()) {
      case REFUSED:
        // Never reached the peer: worth a retry, and nothing may have been sent.
        return new Attempted(
            TransportException.Kind.TRANSIENT,
            "no attempt thread free ("
                + attempts.inFlight()
                + " attempts in flight, "
                + attempts.hung()
                + " of them past their deadline; at most "
                + attempts.max()
                + ")");
      case TIMED_OUT:
        return new Attempted(
            TransportException.Kind.UNKNOWN,
            "no answer within " + attemptTimeout + " (it may have been sent)");
      case DONE:
        Throwable cause = run.failure();
        if (cause == null) {
          return Attempted.SENT;
        }
        if (cause instanceof TransportException te) {
          return new Attempted(te.kind(), describe(te));
        }
        // Anything else the transport threw, an Error too, is an outcome: tried again later.
        return new Attempted(TransportException.Kind.TRANSIENT, describe(cause));
      default:
        throw new IllegalStateException("unexpected attempt result " + run.result());
    }
  }
}
