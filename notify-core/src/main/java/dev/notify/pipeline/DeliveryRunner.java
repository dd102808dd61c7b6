package dev.notify.pipeline;

import dev.notify.catalog.Medium;
import dev.notify.spi.Claim;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.TimingProvider;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import dev.notify.timeline.UserTiming;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  /** What one attempt gave. */
  private record Outcome(TransportException.Kind kind, String message) {
    static final Outcome SENT = new Outcome(null, "");
  }

  private final Outbox outbox;
  private final InboxStore inbox;
  private final Map<Medium, Transport> transports;
  private final RetryPolicy retry;
  private final RandomGenerator random;
  private final Clock clock;
  private final Duration lease;
  private final Duration attemptTimeout;
  private final ExecutorService attempts;
  private final TimingProvider timings;
  private final Set<String> urgent;
  private final @Nullable DigestBook digests;
  final LongAdder delivered = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder readInTime = new LongAdder();
  final LongAdder digested = new LongAdder();
  final LongAdder digestsSent = new LongAdder();

  DeliveryRunner(
      Outbox outbox,
      InboxStore inbox,
      Map<Medium, Transport> transports,
      RetryPolicy retry,
      RandomGenerator random,
      Clock clock,
      Duration lease,
      Duration attemptTimeout,
      ExecutorService attempts,
      TimingProvider timings,
      Set<String> urgent,
      @Nullable DigestBook digests) {
    this.outbox = outbox;
    this.inbox = inbox;
    this.transports = Map.copyOf(transports);
    this.retry = retry;
    this.random = random;
    this.clock = clock;
    this.lease = lease;
    this.attemptTimeout = attemptTimeout;
    this.attempts = attempts;
    this.timings = timings;
    this.urgent = Set.copyOf(urgent);
    this.digests = digests;
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
    Instant leaseUntil = claims.isEmpty() ? null : claims.get(0).leaseUntil();
    Set<String> lost = new HashSet<>();
    List<String> sent = new ArrayList<>();
    Instant firstSent = null;
    try {
      for (int i = 0; i < claims.size(); i++) {
        if (stopping.getAsBoolean()) {
          List<String> rest = new ArrayList<>();
          claims.subList(i, claims.size()).forEach(c -> rest.add(c.id()));
          outbox.release(workerId, rest, clock.instant());
          break;
        }
        Instant now = clock.instant();
        if (firstSent != null && !now.isBefore(firstSent.plus(COMPLETE_WITHIN))) {
          complete(workerId, sent);
          firstSent = null;
        }
        // The lease must outlast this attempt's deadline: extend what is left of the batch.
        if (leaseUntil.isBefore(now.plus(attemptTimeout).plus(attemptTimeout))) {
          complete(workerId, sent); // while their leases still hold
          firstSent = null;
          leaseUntil = now.plus(lease);
          List<String> rest = new ArrayList<>();
          claims.subList(i, claims.size()).forEach(c -> rest.add(c.id()));
          Set<String> held = outbox.extend(workerId, rest, leaseUntil, now);
          rest.stream().filter(id -> !held.contains(id)).forEach(lost::add);
        }
        if (lost.contains(claims.get(i).id())) {
          continue; // its lease ran out: another worker may hold it now
        }
        if (deliver(workerId, claims.get(i))) {
          sent.add(claims.get(i).id());
          if (firstSent == null) {
            firstSent = clock.instant();
          }
        }
      }
    } finally {
      complete(workerId, sent);
    }
    return claims.size();
  }

  /** How long a sent entry may wait for the batch's completion: a second. */
  private static final Duration COMPLETE_WITHIN = Duration.ofSeconds(1);

  /**
   * Completes what was sent, in one call; an entry whose lease ran out meanwhile is refused and may
   * be sent again by another worker (at least once).
   */
  private void complete(String workerId, List<String> sent) {
    if (!sent.isEmpty()) {
      delivered.add(outbox.completeAll(workerId, sent, clock.instant()).size());
      sent.clear();
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
   * Attempts one entry; a failure is rescheduled or dead-lettered here.
   *
   * @return whether it was sent, so the caller completes it
   */
  private boolean deliver(String workerId, Claim claim) {
    Delivery d = claim.entry().delivery();
    boolean isUrgent = urgent.contains(d.option().id());
    UserTiming timing = null;
    if (claim.fresh() && conditional(d)) {
      if (readInTime(d)) {
        // IF_UNREAD: the user read the in-app notification before this was due; nothing to send.
        if (outbox.complete(workerId, claim.id(), clock.instant())) {
          readInTime.increment();
        }
        return false;
      }
      if (!isUrgent) {
        // Rule 9 after rule 8: published at its unread deadline, quiet hours hold it from there.
        timing = timings.timingOf(d.recipient().id());
        Instant due = claim.entry().notBefore();
        Instant released = timing.quietHours().release(due);
        if (released.isAfter(due)) {
          outbox.defer(workerId, claim.id(), released, clock.instant());
          return false;
        }
      }
    }
    Digest digest = null;
    if (digests != null && d.medium().equals(Medium.EMAIL) && !isUrgent) {
      if (timing == null) {
        timing = timings.timingOf(d.recipient().id());
      }
      DigestPlacement p = digests.place(d, claim.entry().notBefore(), timing.digest());
      if (!p.alone()) {
        if (!p.sentBy(claim.id())) {
          handOver(workerId, claim.id());
          return false;
        }
        Instant sendAt = timing.quietHours().release(p.sendFrom());
        Instant now = clock.instant();
        if (now.isBefore(sendAt)) {
          outbox.defer(workerId, claim.id(), sendAt, now); // the window is still open
          return false;
        }
        Optional<Digest> sealed = digests.seal(p.digestId(), claim.id());
        if (sealed.isEmpty()) {
          handOver(workerId, claim.id()); // another delivery filled the window: it sends
          return false;
        }
        digest = sealed.get();
      }
    }
    int attempt = claim.attempts() + 1;
    Transport t = transports.get(d.medium());
    Outcome o =
        t == null
            ? new Outcome(
                TransportException.Kind.PERMANENT, "no transport for medium " + d.medium().id())
            : attempt(t, d, digest);
    if (o == null) {
      return false; // interrupted: the lease runs out and the entry is claimed again
    }
    if (o == Outcome.SENT) {
      if (digest != null) {
        digestsSent.increment();
      }
      return true;
    }
    if (digest != null) {
      // The dead letter is the sender's entry: say it stands for the whole digest.
      o = new Outcome(o.kind(), "digest of " + digest.size() + ": " + o.message());
    }
    Instant now = clock.instant();
    boolean retryable =
        o.kind() == TransportException.Kind.TRANSIENT
            || (o.kind() == TransportException.Kind.UNKNOWN && t != null && t.resendsSafely());
    if (retryable && attempt < retry.maxAttempts()) {
      Instant next = now.plus(retry.delayBefore(attempt, random));
      if (outbox.reschedule(workerId, claim.id(), next, o.message(), now)) {
        retried.increment();
      }
      return false;
    }
    String message =
        retryable ? "gave up after " + attempt + " attempts: " + o.message() : o.message();
    if (outbox.deadLetter(workerId, claim.id(), o.kind(), message, attempt, now)) {
      deadLettered.increment();
    }
    return false;
  }

  /** Forgets the digest windows that ended before {@code cutoff}. */
  void forgetDigests(Instant cutoff) {
    if (digests != null) {
      digests.forget(cutoff);
    }
  }

  /** Completes an entry whose delivery its digest's sender sends: the book keeps it. */
  private void handOver(String workerId, String id) {
    if (outbox.complete(workerId, id, clock.instant())) {
      digested.increment();
    }
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
  private Outcome attempt(Transport t, Delivery d, @Nullable Digest digest) {
    Future<?> f;
    try {
      f =
          attempts.submit(
              () -> {
                if (digest == null) {
                  t.deliver(d);
                } else {
                  t.deliverDigest(digest);
                }
              });
    } catch (RejectedExecutionException e) {
      return new Outcome(TransportException.Kind.TRANSIENT, "no thread to deliver on: " + e);
    }
    try {
      f.get(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
      return Outcome.SENT;
    } catch (TimeoutException e) {
      f.cancel(true);
      return new Outcome(
          TransportException.Kind.UNKNOWN,
          "no answer within " + attemptTimeout + " (it may have been sent)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TransportException te) {
        return new Outcome(te.kind(), String.valueOf(te.getMessage()));
      }
      // Anything else the transport threw, an Error too, is an outcome: tried again later.
      return new Outcome(TransportException.Kind.TRANSIENT, String.valueOf(cause));
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
