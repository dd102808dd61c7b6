package dev.notify.spi;

import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.Throttle;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the workers combine a user's emails into digests (rule 10 of the timeline). When a worker
 * claims a non-urgent email of a user with a digest, it {@linkplain #place places} it: in the
 * user's open window if the email is due before the window's end and the window is not full,
 * otherwise in a new window that opens at the email's due instant. One entry of each window — the
 * first placed in it, or the one that filled it — stays in the outbox and sends the digest when it
 * is due; the others are handed over (their outbox entries complete, the book keeps them).
 *
 * <p><b>Atomic per user and medium:</b> placements for the same (user, medium) are serialized, by
 * any number of workers in any number of processes sharing the book, so windows never overlap and a
 * delivery is in at most one digest. <b>Idempotent:</b> placing a delivery again (a worker crashed,
 * a lease ran out) answers its first placement. <b>Durable</b> as far as the store is: a
 * handed-over delivery exists only here until its digest is sent.
 *
 * <p><b>Threading:</b> thread-safe; called on worker threads. <b>Blocking:</b> may block on I/O,
 * once or twice per claimed email of a digest user. <b>Failures:</b> an unchecked exception means
 * the call did nothing; the worker keeps the entry until its lease ends and it is claimed again.
 *
 * @since 0.2.0
 */
public interface DigestBook {
  /**
   * Places a delivery in its recipient's throttle and digest of its medium.
   *
   * <ul>
   *   <li>Placed before: its first placement, whatever the request's policy and throttle are now (a
   *       retried or reclaimed delivery is never counted twice).
   *   <li>Else with a {@code throttle}, first {@link dev.notify.timeline.TimelinePolicy#count}: it
   *       opens or passes in the user's throttle window for the medium, or, when that window
   *       already let its {@code max} through, it is {@linkplain
   *       dev.notify.timeline.TimelinePolicy#gather gathered} into the window's digest ({@link
   *       Digest#throttleIdOf its id} made from the first delivery held back), sent when the window
   *       ends: the answer is a {@linkplain DigestPlacement#throttled() throttled} member. A
   *       delivery that passes is remembered, so that placing it again does not count it again.
   *   <li>Else with no {@code policy}: {@link DigestPlacement#NONE}.
   *   <li>Else, when the user's open window has not been sealed, is not full and ends after {@code
   *       due}: it joins that window. If it fills the window, it becomes the window's sender and
   *       the digest may go out from {@code due}.
   *   <li>Else it opens a new window, {@link Digest#idOf its id} made from the delivery's, from
   *       {@code due} to {@code due + policy.window()}, holding at most {@code policy.max()}: as
   *       the window's first member and sender, or with {@code policy.flushFirst()} as its opener,
   *       sent alone and not counted (the next member becomes the sender).
   * </ul>
   *
   * @since 0.3.0 (was {@code place(Delivery, Instant, DigestPolicy)}, now a default method)
   */
  DigestPlacement place(Request request);

  /**
   * Places {@code delivery}, due at {@code due}, in its recipient's digest of its medium, with no
   * throttle: {@link #place(Request)}.
   *
   * @param delivery the email claimed
   * @param due when it was due (its outbox entry's due instant at its first claim)
   * @param policy the recipient's digest now, or {@code null} for none
   */
  default DigestPlacement place(Delivery delivery, Instant due, @Nullable DigestPolicy policy) {
    return place(new Request(delivery, due, policy, null));
  }

  /**
   * One delivery to place: what {@link #place(Request)} takes.
   *
   * @param delivery the external delivery claimed
   * @param due when it was due (its outbox entry's due instant, after quiet hours)
   * @param policy the recipient's digest now, or {@code null} for none
   * @param throttle the recipient's throttle now, or {@code null} for none (since 0.3.0)
   */
  record Request(
      Delivery delivery, Instant due, @Nullable DigestPolicy policy, @Nullable Throttle throttle) {
    /** Validates. */
    public Request {
      Objects.requireNonNull(delivery, "delivery cannot be null");
      Objects.requireNonNull(due, "due cannot be null");
    }

    /** A request without throttle (the 0.2.0 constructor). */
    public Request(Delivery delivery, Instant due, @Nullable DigestPolicy policy) {
      this(delivery, due, policy, null);
    }
  }

  /**
   * Places deliveries as {@link #place(Request)} would one after the other, in order, and answers
   * the same placements; in one unit of work where the store has them (a worker places a whole
   * batch in one round trip). The workers place each claimed batch with it, and use {@link
   * #place(Request)} only to retry the requests of a failed call one by one.
   *
   * @return for each request, in order, its placement
   * @since 0.2.0 (abstract since 0.3.0)
   */
  List<DigestPlacement> placeAll(List<Request> requests);

  /**
   * Closes digest {@code digestId} for its sender, before it sends: from now on no delivery joins
   * it. Sealing again is harmless (a resend after a crash or a failed attempt).
   *
   * @return the digest, its deliveries in placement order; empty when {@code senderId} is not (or
   *     no longer) its sender — the window filled meanwhile, and the filler sends it
   */
  Optional<Digest> seal(String digestId, String senderId);

  /**
   * Records that digest {@code digestId} went out: from now on {@link #forget} may drop it. The
   * workers call it after the transport took the digest; a digest never marked (a failure here, a
   * dead letter) is kept, so that a resend or a redrive still finds every delivery in it.
   */
  void markSent(String digestId);

  /**
   * Forgets windows that ended before {@code before} and were sent or never got a member, with the
   * placements they hold: a delivery placed again afterwards is placed anew; and throttle windows
   * that ended before {@code before}, with the deliveries they let through. The notifier calls it
   * with the inbox retention.
   *
   * @return how many windows it forgot
   */
  int forget(Instant before);

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
