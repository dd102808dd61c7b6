package dev.notify.pipeline;

import dev.notify.Limits;
import dev.notify.catalog.Medium;
import dev.notify.spi.Claim;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import dev.notify.timeline.TimelinePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
  private record Attempted(
      TransportException.@Nullable Kind kind, String message, @Nullable Duration retryAfter) {
    static final Attempted SENT = new Attempted(null, "");

    Attempted(TransportException.@Nullable Kind kind, String message) {
      this(kind, message, null);
    }
  }

  /** The longest {@code Retry-After} a peer may ask for: beyond it, a day. */
  static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  private final Outbox outbox;
  private final Map<Medium, Transport> transports;
  private final RetryPolicy retry;
  private final RandomGenerator random;
  private final Clock clock;
  private final Duration lease;
  private final Duration attemptTimeout;
  private final Attempts attempts;
  private final TimelinePolicy timeline;
  private final DigestBook digests;
  private final DeliveryObserver observer;
  private final Instrumentation instrumentation;
  private final Planner planner;
  private final @Nullable WebhookTransport webhooks;

  /** What the workers contained. */
  final Containment containment;

  final LongAdder delivered = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder readInTime = new LongAdder();
  final LongAdder digested = new LongAdder();
  final LongAdder digestsSent = new LongAdder();

  private volatile @Nullable Instant lastClaim;

  /** When the last claim succeeded (whatever it found), or null before the first. */
  @Nullable Instant lastClaim() {
    return lastClaim;
  }

  /** The attempt threads. */
  Attempts attempts() {
    return attempts;
  }

  DeliveryRunner(DeliveryConfig config, Attempts attempts) {
    this.outbox = config.outbox();
    this.transports = config.transports();
    this.retry = config.retry();
    this.random = config.random();
    this.clock = config.clock();
    this.lease = config.lease();
    this.attemptTimeout = config.attemptTimeout();
    this.attempts = attempts;
    this.timeline = config.timeline();
    this.digests = config.digests();
    this.observer = config.observer();
    this.instrumentation = config.instrumentation();
    this.containment = new Containment(clock);
    this.planner = new Planner(config, containment);
    this.webhooks = config.webhooks();
  }

  /**
   * Claims one batch and delivers it; between entries, {@code stopping} is asked, and what is not
   * attempted yet is given back. Sent entries are completed together (one round trip for a
   * database): at the end of the batch, before leases are extended, and once the oldest of them has
   * waited {@link #COMPLETE_WITHIN}, which bounds what a crash makes a worker send again. {@code
   * full} runs as soon as the claim came back full (more may be due: the workers wake a helper).
   *
   * @return how many entries it claimed
   */
  int runBatch(String workerId, int max, BooleanSupplier stopping, Runnable full) {
    List<Claim> claims = outbox.claim(workerId, max, clock.instant(), lease);
    lastClaim = clock.instant();
    if (claims.isEmpty()) {
      return 0;
    }
    if (claims.size() >= max) {
      full.run();
    }
    Instant leaseUntil = claims.get(0).leaseUntil();
    List<Planner.Plan> plans;
    try {
      plans = planner.plan(claims);
    } catch (Throwable t) {
      // plan() contains each entry's failure; this is one of its own (an OutOfMemoryError, say):
      // give the batch back at once rather than leave it leased until the lease ends.
      containment.contained("planning a batch", t);
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
          containment.contained("delivering an entry", claims.get(i).id(), t);
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
      containment.contained("releasing a batch", t);
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
    /** Held back by its user's throttle, in the throttle's digest another entry sends. */
    THROTTLED,
    /** {@code IF_UNREAD} and read in the app in time: not to be sent. */
    READ_IN_TIME
  }

  /**
   * Entries finished but not completed yet, completed together in one call (one round trip for a
   * database); an entry whose lease ran out meanwhile is refused and may be done again by another
   * worker (at least once). Counted by what they were once completed. One per batch, one thread.
   */
  private final class Pending {
    /** In the order they finished: the order they are completed in. */
    private final Map<String, Finished> finished = new LinkedHashMap<>();

    private @Nullable Instant first;

    void add(String id, Finished f) {
      finished.put(id, f);
      if (first == null) {
        first = clock.instant();
      }
    }

    void complete(String workerId) {
      if (finished.isEmpty()) {
        return;
      }
      List<Outbox.Completion> completions = new ArrayList<>(finished.size());
      Instant now = clock.instant();
      for (Map.Entry<String, Finished> e : finished.entrySet()) {
        Outbox.Completion c = e.getValue().completion(e.getKey());
        List<OutboxEntry> then =
            follow(e.getValue().delivery(), c.kind(), !c.detail().isEmpty(), now);
        completions.add(
            then.isEmpty() ? c : new Outbox.Completion(c.id(), c.kind(), c.detail(), then));
      }
      for (String id : outbox.complete(workerId, completions, now)) {
        // completeAll answers ids of this batch only, each of which finished.
        Finished f = Objects.requireNonNull(finished.get(id), id);
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
          case THROTTLED -> {
            digested.increment();
            tell(() -> observer.throttled(f.delivery()));
          }
          case READ_IN_TIME -> {
            readInTime.increment();
            tell(() -> observer.readInTime(f.delivery()));
          }
          default -> throw new IllegalStateException("nothing to complete for " + id);
        }
      }
      finished.clear();
      first = null;
    }
  }

  /** What an attempted entry was: how it ended, its delivery, the digest it sent if it did. */
  /**
   * A finished entry: what it was, its delivery, the digest it sent ({@code SENT}) and the digest
   * it went into ({@code HANDED_OVER}, {@code THROTTLED}).
   */
  private record Finished(
      Done done, Delivery delivery, @Nullable Digest digest, @Nullable String digestId) {
    /** What its completion records in the outbox's history. */
    Outbox.Completion completion(String id) {
      return switch (done) {
        case SENT ->
            new Outbox.Completion(id, HistoryEvent.Kind.SENT, digest == null ? "" : digest.id());
        case HANDED_OVER ->
            new Outbox.Completion(id, HistoryEvent.Kind.GATHERED, digestId == null ? "" : digestId);
        case THROTTLED ->
            new Outbox.Completion(
                id, HistoryEvent.Kind.THROTTLED, digestId == null ? "" : digestId);
        case READ_IN_TIME -> new Outbox.Completion(id, HistoryEvent.Kind.READ_IN_TIME, "");
      };
    }
  }

  /** The webhook's event that follows {@code kind} of {@code d}, if any. */
  private List<OutboxEntry> follow(
      Delivery d, HistoryEvent.Kind kind, boolean digest, Instant now) {
    return webhooks == null ? List.of() : webhooks.webhooks().follow(d, kind, digest, now);
  }

  /**
   * Tells the observer; what it throws, an {@link Error} too, changes nothing delivered or recorded
   * (it is counted and logged as a contained failure).
   */
  private void tell(Runnable event) {
    try {
      event.run();
    } catch (Throwable t) {
      containment.contained("the delivery observer", t);
    }
  }

  /** Delivers every entry due now, batch after batch, on the caller's thread. */
  int drain(String workerId, int max) {
    int total = 0;
    int n;
    do {
      n = runBatch(workerId, max, () -> false, () -> {});
      total += n;
    } while (n == max);
    return total;
  }

  /**
   * Attempts one entry; a failure is rescheduled or dead-lettered, a wait deferred, here.
   *
   * @return what it was, so the caller completes it; {@code null} when there is nothing to complete
   */
  private @Nullable Finished deliver(String workerId, Claim claim, Planner.Plan plan) {
    Delivery d = claim.entry().delivery();
    if (plan.failure() != null) {
      Planner.Failure f = plan.failure();
      fail(workerId, claim, null, f.kind(), f.message(), f.retry(), null);
      return null;
    }
    if (plan.readInTime()) {
      return new Finished(Done.READ_IN_TIME, d, null, null);
    }
    if (plan.deferUntil() != null) {
      outbox.defer(workerId, claim.id(), plan.deferUntil(), clock.instant());
      return null;
    }
    Digest digest = null;
    DigestPlacement p = plan.placement();
    if (p != null && !p.alone()) {
      if (!p.sentBy(claim.id())) {
        return new Finished(
            p.throttled() ? Done.THROTTLED : Done.HANDED_OVER, d, null, p.digestId());
      }
      Instant sendAt =
          timeline.digestGoesAt(
              Objects.requireNonNull(p.sendFrom()), Objects.requireNonNull(plan.timing()));
      Instant now = clock.instant();
      if (now.isBefore(sendAt)) {
        // The window is still open. The sender of a throttle's digest was held back too: told so
        // once its wait is recorded.
        if (outbox.defer(workerId, claim.id(), sendAt, now) && p.throttled()) {
          tell(() -> observer.throttled(d));
        }
        return null;
      }
      Optional<Digest> sealed;
      try {
        sealed = digests.seal(Objects.requireNonNull(p.digestId()), claim.id());
      } catch (Throwable e) {
        containment.contained("the digest book's seal", e);
        fail(
            workerId,
            claim,
            null,
            TransportException.Kind.TRANSIENT,
            Containment.describe(e),
            true,
            null);
        return null;
      }
      if (sealed.isEmpty()) {
        // Another delivery filled the window: it sends.
        return new Finished(Done.HANDED_OVER, d, null, p.digestId());
      }
      digest = sealed.get();
    }
    Transport t = transports.get(d.medium());
    if (t == null && webhooks != null && Webhooks.carries(d.medium())) {
      t = webhooks.of(claim.entry());
    }
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
          containment.contained("the digest book's markSent", e);
        }
        String first = digest.deliveries().get(0).id();
        if (!first.equals(claim.id())) {
          // It filled the window: the first member, deferred to the window's end, need not wait.
          try {
            outbox.hasten(List.of(first), clock.instant());
          } catch (Throwable e) {
            // Then it hands itself over at the window's end, as it would have.
            containment.contained("the outbox's hasten", e);
          }
        }
      }
      return new Finished(Done.SENT, d, digest, null);
    }
    String message = o.message();
    if (digest != null) {
      // The dead letter is the sender's entry: say it stands for the whole digest.
      message = "digest of " + digest.size() + ": " + message;
    }
    TransportException.Kind kind = Objects.requireNonNull(o.kind()); // not sent: a failure's kind
    boolean retryable =
        kind == TransportException.Kind.TRANSIENT
            || (kind == TransportException.Kind.UNKNOWN && t != null && t.resendsSafely());
    fail(workerId, claim, t, kind, message, retryable, o.retryAfter());
    return null;
  }

  /**
   * Ends a failed attempt: rescheduled with backoff while the policy allows and it is worth it (no
   * sooner than the peer's {@code retryAfter}, a day at most, when given), else a dead letter; each
   * carries {@code message}, cut to the outbox's error column.
   */
  private void fail(
      String workerId,
      Claim claim,
      @Nullable Transport t,
      TransportException.Kind kind,
      String message,
      boolean retryable,
      @Nullable Duration retryAfter) {
    Delivery d = claim.entry().delivery();
    int attempt = claim.attempts() + 1;
    Instant now = clock.instant();
    if (retryable && attempt < retry.maxAttempts()) {
      Duration wait = retry.delayBefore(attempt, random);
      if (retryAfter != null) {
        Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        wait = asked.compareTo(wait) > 0 ? asked : wait;
      }
      Instant next = now.plus(wait);
      String error = Limits.error(message);
      if (outbox.reschedule(workerId, claim.id(), next, error, now)) {
        retried.increment();
        tell(() -> observer.retried(d, attempt, next, error));
      }
      return;
    }
    String last =
        Limits.error(retryable ? "gave up after " + attempt + " attempts: " + message : message);
    List<OutboxEntry> then = follow(d, HistoryEvent.Kind.DEAD_LETTER, false, now);
    if (outbox.deadLetter(workerId, claim.id(), kind, last, attempt, now, then)) {
      deadLettered.increment();
      tell(() -> observer.deadLettered(d, kind, last, attempt));
    }
  }

  /** Forgets the digest windows that ended before {@code cutoff}. */
  void forgetDigests(Instant cutoff) {
    digests.forget(cutoff);
  }

  /**
   * Interrupts attempts still running and lets the attempt threads end ({@link Notifier#close}).
   */
  void shutdown() {
    attempts.shutdown();
  }

  /** One attempt within the deadline; {@code null} when this thread was interrupted. */
  private @Nullable Attempted attempt(Transport t, Delivery d, @Nullable Digest digest) {
    Attempts.Run run;
    try {
      run =
          attempts.run(
              () ->
                  instrumentation.attempt(
                      d,
                      digest,
                      () -> {
                        if (digest == null) {
                          t.deliver(d);
                        } else {
                          t.deliverDigest(digest);
                        }
                      }),
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
          return new Attempted(te.kind(), Containment.describe(te), te.retryAfter().orElse(null));
        }
        // Anything else the transport threw, an Error too, is an outcome: tried again later.
        return new Attempted(TransportException.Kind.TRANSIENT, Containment.describe(cause));
      default:
        throw new IllegalStateException("unexpected attempt result " + run.result());
    }
  }
}
