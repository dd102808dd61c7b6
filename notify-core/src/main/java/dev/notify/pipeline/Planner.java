package dev.notify.pipeline;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import dev.notify.spi.Claim;
import dev.notify.spi.Delivery;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import dev.notify.spi.TimingProvider;
import dev.notify.spi.TransportException;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.TimelinePolicy;
import dev.notify.timeline.UserTiming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The workers' first look at a claimed batch, before any attempt: which {@code IF_UNREAD} emails
 * were read in time or wait for quiet hours, and where the digest book puts each non-urgent email
 * and each external delivery of a throttled user, as the {@link TimelinePolicy} says. A failure of
 * the timing provider, the inbox or the book fails the entries it concerns only. Thread-safe (it
 * keeps nothing between batches).
 */
final class Planner {
  private final InboxStore inbox;
  private final TimingProvider timings;
  private final TimelinePolicy timeline;
  private final DigestBook digests;
  private final Containment containment;
  private final boolean webhooks;

  Planner(DeliveryConfig config, Containment containment) {
    this.inbox = config.inbox();
    this.timings = config.timings();
    this.timeline = config.timeline();
    this.digests = config.digests();
    this.containment = containment;
    this.webhooks = config.webhooks() != null;
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
  record Plan(
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
  record Failure(TransportException.Kind kind, String message, boolean retry) {}

  /**
   * Looks at a batch before attempting any of it: the checks of an {@code IF_UNREAD} email's first
   * claim (read in time, then quiet hours from its deadline), and the digest book's placement of
   * every non-urgent email, all in one call in the batch's order (the order they fell due in).
   */
  List<Plan> plan(List<Claim> claims) {
    List<Plan> plans = new ArrayList<>(claims.size());
    List<DigestBook.Request> requests = new ArrayList<>();
    List<Integer> placing = new ArrayList<>();
    // Asked once per user of the batch: a provider may read a database. A user whose timing cannot
    // be read fails their own entries only.
    Map<String, Object> timingOf = prefetched(claims);
    for (int i = 0; i < claims.size(); i++) {
      Claim claim = claims.get(i);
      Delivery d = claim.entry().delivery();
      if (outsideTimeline(d)) {
        // A webhook's event, a snooze's end: at once, no timing, digest or read check.
        plans.add(Plan.SEND);
        continue;
      }
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
        boolean gathers = timeline.gathers(d.medium(), option);
        if (gathers || timeline.throttles(d.medium(), option)) {
          if (timing == null) {
            timing = timing(timingOf, d.recipient().id());
          }
          // In the scope of rule 10 or of the throttle (just asked): the user's digest and
          // throttle now, or none (a placement made before still stands).
          Throttle throttle = timeline.throttleOf(d.medium(), option, timing);
          DigestPolicy digest = gathers ? timing.digest() : null;
          // Without digest or throttle the book only finds where an earlier claim placed the
          // delivery: an entry never claimed before was placed nowhere (one read a batch saved).
          boolean placedBefore = claim.claimedBefore() || !claim.fresh();
          if (digest != null || throttle != null || (gathers && placedBefore)) {
            requests.add(new DigestBook.Request(d, claim.entry().notBefore(), digest, throttle));
            placing.add(i);
          }
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
                        + Containment.describe(e.getCause() == null ? e : e.getCause()),
                    false)));
      } catch (Throwable e) {
        containment.contained("planning an entry", claim.id(), e);
        plans.add(
            Plan.failed(
                new Failure(
                    TransportException.Kind.TRANSIENT,
                    "cannot be planned: " + Containment.describe(e),
                    true)));
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
                        "cannot be placed in its digest: " + containment.lastError(),
                        true))
                : new Plan(before.timing(), false, null, p, null));
      }
    }
    return plans;
  }

  /**
   * The stored timings of every user of the batch whose entries may need one, in one read of the
   * store (a database: one query instead of one per user). Empty when the host's own provider
   * answers (it is asked per user) or when the read failed: then each user is asked on their own,
   * so a failure still fails that user's entries only.
   */
  private Map<String, Object> prefetched(List<Claim> claims) {
    Map<String, Object> timingOf = new HashMap<>();
    if (!(timings instanceof Timings stored)) {
      return timingOf;
    }
    Set<String> users = new HashSet<>();
    for (Claim claim : claims) {
      Delivery d = claim.entry().delivery();
      if (outsideTimeline(d)) {
        continue;
      }
      String option = d.option().id();
      if ((claim.fresh() && conditional(d))
          || timeline.gathers(d.medium(), option)
          || timeline.throttles(d.medium(), option)) {
        users.add(d.recipient().id());
      }
    }
    if (users.size() < 2) {
      return timingOf; // nothing to save
    }
    try {
      timingOf.putAll(stored.timingsOf(users));
    } catch (RuntimeException e) {
      timingOf.clear(); // asked per user below
    }
    return timingOf;
  }

  /** A webhook's event or a snooze's end: sent at once, no timeline rule applies. */
  private boolean outsideTimeline(Delivery d) {
    return (webhooks && Webhooks.carries(d.medium())) || Snoozes.carries(d.medium());
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
                containment.contained("the timing provider", "user " + u, e);
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
      containment.contained(
          "the digest book",
          new IllegalStateException(
              "the digest book answered "
                  + placed.size()
                  + " of "
                  + requests.size()
                  + " requests"));
    } catch (Throwable e) {
      containment.contained("the digest book's placeAll", e);
    }
    List<@Nullable DigestPlacement> out = new ArrayList<>(requests.size());
    for (DigestBook.Request r : requests) {
      try {
        out.add(digests.place(r));
      } catch (Throwable e) {
        containment.contained("the digest book's place", r.delivery().id(), e);
        out.add(null);
      }
    }
    return out;
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
}
