package dev.notify.timeline;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one place where notify computes when an external delivery goes: rule 8's unread deadline,
 * rule 9's quiet-hours release and rule 10's digest windows (join, fill, flush-first, send
 * instant). A policy, as Failsafe's are: it decides and keeps nothing; the publisher, the workers,
 * both digest books and {@link Timeline#place} (what {@code explain} shows) ask it and do what it
 * says, so they cannot disagree.
 *
 * <p>Immutable and thread-safe; no I/O, no clock of its own (every instant is an argument).
 *
 * @since 0.3.0
 */
public final class TimelinePolicy {
  private final Set<String> urgent;

  private TimelinePolicy(Set<String> urgent) {
    this.urgent = urgent;
  }

  /**
   * A policy under which the options {@code urgentOptions} pass quiet hours and digests.
   *
   * @throws NullPointerException when the set or one of its ids is null
   */
  public static TimelinePolicy of(Set<String> urgentOptions) {
    return new TimelinePolicy(Set.copyOf(Checks.noNulls(urgentOptions, "urgentOptions")));
  }

  /** The options that pass quiet hours and digests. */
  public Set<String> urgent() {
    return urgent;
  }

  /** Whether deliveries labelled {@code option} pass quiet hours and digests. */
  public boolean isUrgent(String option) {
    return urgent.contains(option);
  }

  /**
   * When an external delivery of an action that happened at {@code at} goes, as far as it is known
   * before the read check and the digest: rule 8's unread deadline when it waits for the in-app
   * notification to stay unread, then rule 9's release unless its option is urgent.
   *
   * @param at when the action happened (when it was published)
   * @param option the option it is labelled with
   * @param waitsForUnread whether it is conditional and its user got the in-app notification
   * @param timing its user's timing
   */
  public Due due(Instant at, String option, boolean waitsForUnread, UserTiming timing) {
    Checks.notNull(at, "at");
    Checks.notNull(option, "option");
    Checks.notNull(timing, "timing");
    Instant deadline = waitsForUnread ? at.plus(timing.unreadDelay()) : null;
    Instant from = deadline != null ? deadline : at;
    boolean isUrgent = urgent.contains(option);
    Instant goes = released(from, isUrgent, timing);
    return new Due(
        deadline != null ? deadline : goes,
        goes,
        deadline,
        !goes.equals(from),
        isUrgent && timing.quietHours().isQuiet(from));
  }

  /**
   * When an {@code IF_UNREAD} delivery goes once its unread deadline passed unread: rule 9 from the
   * deadline, unless its option is urgent. The workers ask it at the delivery's first claim, when
   * they checked the read (a read while quiet hours hold it must not cancel it).
   */
  public Instant afterUnreadDeadline(Instant deadline, String option, UserTiming timing) {
    Checks.notNull(deadline, "deadline");
    Checks.notNull(option, "option");
    Checks.notNull(timing, "timing");
    return released(deadline, urgent.contains(option), timing);
  }

  /** Rule 9: {@code from}, or when the user's quiet hours release it unless it is urgent. */
  private static Instant released(Instant from, boolean isUrgent, UserTiming timing) {
    return isUrgent ? from : timing.quietHours().release(from);
  }

  /**
   * Rule 10's scope: the digest a delivery of {@code medium} labelled {@code option} goes through,
   * or {@code null} when it goes alone (not an email, an urgent option, or a user without digest).
   */
  public @Nullable DigestPolicy digestOf(Medium medium, String option, UserTiming timing) {
    Checks.notNull(medium, "medium");
    Checks.notNull(option, "option");
    Checks.notNull(timing, "timing");
    return gathers(medium, option) ? timing.digest() : null;
  }

  /**
   * Whether deliveries of {@code medium} labelled {@code option} are in rule 10's scope: non-urgent
   * emails. The workers ask the digest book about each of them, even when the user has no digest
   * now (one placed before keeps its placement).
   */
  public boolean gathers(Medium medium, String option) {
    return medium.equals(Medium.EMAIL) && !urgent.contains(Checks.notNull(option, "option"));
  }

  /**
   * Rule 10: places a delivery due at {@code due} against its user's open window. It joins {@code
   * open} when that window is not sealed, not full and closes after {@code due}, and becomes its
   * sender when it is the first member (after a flushed opener) or fills it. Otherwise it opens a
   * window {@code newId} from {@code due} to {@code due + policy.window()}: as its first member and
   * sender, or with {@code flushFirst} as its opener, sent alone at once and not a member.
   *
   * @param open the user's open window for the medium, or {@code null}
   * @param deliveryId the delivery placed
   * @param newId the id of the window it opens if it opens one
   * @param due when it was due
   * @param policy the user's digest now
   */
  public static DigestWindow.Placed place(
      @Nullable DigestWindow open,
      String deliveryId,
      String newId,
      Instant due,
      DigestPolicy policy) {
    Checks.notNull(deliveryId, "deliveryId");
    Checks.notNull(newId, "newId");
    Checks.notNull(due, "due");
    Checks.notNull(policy, "policy");
    if (open != null
        && !open.sealed()
        && open.members() < open.max()
        && due.isBefore(open.closes())) {
      int members = open.members() + 1;
      boolean fills = members == open.max();
      DigestWindow joined =
          new DigestWindow(
              open.id(),
              open.closes(),
              open.max(),
              members,
              open.sender() == null || fills ? deliveryId : open.sender(),
              fills ? due : null,
              false);
      return new DigestWindow.Placed(joined, false, false);
    }
    boolean opener = policy.flushFirst();
    DigestWindow opened =
        new DigestWindow(
            newId,
            due.plus(policy.window()),
            policy.max(),
            opener ? 0 : 1,
            opener ? null : deliveryId,
            null,
            false);
    return new DigestWindow.Placed(opened, true, opener);
  }

  /**
   * Whether deliveries of {@code medium} labelled {@code option} are in the throttle's scope:
   * non-urgent external deliveries. The workers ask the digest book about each of them whose user
   * has a throttle now.
   *
   * @since 0.3.0
   */
  public boolean throttles(Medium medium, String option) {
    return !medium.isInApp() && !urgent.contains(Checks.notNull(option, "option"));
  }

  /**
   * The throttle a delivery of {@code medium} labelled {@code option} counts against, or {@code
   * null} when none does (an in-app notification, an urgent option, or a user without throttle).
   *
   * @since 0.3.0
   */
  public @Nullable Throttle throttleOf(Medium medium, String option, UserTiming timing) {
    Checks.notNull(medium, "medium");
    Checks.notNull(option, "option");
    Checks.notNull(timing, "timing");
    return throttles(medium, option) ? timing.throttle() : null;
  }

  /**
   * The throttle's rule: counts a delivery due at {@code due} against its user's throttle window
   * for its medium. When there is no window or {@code due} is at or after its end, it opens a new
   * one from {@code due} to {@code due + throttle.window()} and passes; in an open window it passes
   * while the window let fewer than its {@code max} through; otherwise it is held back, to be
   * {@linkplain #gather gathered} into the window's digest.
   *
   * @param open the user's last throttle window for the medium, or {@code null}
   * @param due when the delivery is due, after quiet hours
   * @param throttle the user's throttle now (a window keeps the {@code max} it opened with)
   * @since 0.3.0
   */
  public static ThrottleWindow.Counted count(
      @Nullable ThrottleWindow open, Instant due, Throttle throttle) {
    Checks.notNull(due, "due");
    Checks.notNull(throttle, "throttle");
    if (open == null || !due.isBefore(open.closes())) {
      return new ThrottleWindow.Counted(
          new ThrottleWindow(due, due.plus(throttle.window()), throttle.max(), 1, null), true);
    }
    if (open.passed() < open.max()) {
      return new ThrottleWindow.Counted(
          new ThrottleWindow(
              open.opens(), open.closes(), open.max(), open.passed() + 1, open.gathered()),
          true);
    }
    return new ThrottleWindow.Counted(open, false);
  }

  /**
   * Gathers a delivery a throttle window held back into that window's digest: it joins {@code
   * gathered} unless that digest was sealed (its sender is sending it), otherwise it opens digest
   * {@code newId} as its first member and sender. The digest is sent when the throttle window ends
   * (then quiet hours apply, as to any digest); it has no limit on members, so nothing held back is
   * ever left out.
   *
   * @param gathered the window's digest, or {@code null} while it has none
   * @param deliveryId the delivery held back
   * @param newId the id of the digest it opens if it opens one
   * @param window the throttle window that held it back
   * @since 0.3.0
   */
  public static DigestWindow.Placed gather(
      @Nullable DigestWindow gathered, String deliveryId, String newId, ThrottleWindow window) {
    Checks.notNull(deliveryId, "deliveryId");
    Checks.notNull(newId, "newId");
    Checks.notNull(window, "window");
    if (gathered != null && !gathered.sealed()) {
      return new DigestWindow.Placed(
          new DigestWindow(
              gathered.id(),
              gathered.closes(),
              gathered.max(),
              gathered.members() + 1,
              gathered.sender(),
              null,
              false),
          false,
          false);
    }
    return new DigestWindow.Placed(
        new DigestWindow(newId, window.closes(), Integer.MAX_VALUE, 1, deliveryId, null, false),
        true,
        false);
  }

  /** When the digest sent from {@code sendFrom} goes: rule 10's send instant held by rule 9. */
  public Instant digestGoesAt(Instant sendFrom, UserTiming timing) {
    Checks.notNull(sendFrom, "sendFrom");
    Checks.notNull(timing, "timing");
    return timing.quietHours().release(sendFrom);
  }

  @Override
  public String toString() {
    return "TimelinePolicy{urgent=" + urgent + "}";
  }

  /**
   * When an external delivery goes, before the read check and the digest.
   *
   * @param queueAt when the workers first look at it: its unread deadline, or when it goes
   * @param goesAt when it goes if nothing cancels or gathers it
   * @param unreadDeadline rule 8's deadline when it waits for the in-app notification, else null
   * @param held whether quiet hours hold it
   * @param urgentInQuietHours whether it is urgent and would have been held
   */
  public record Due(
      Instant queueAt,
      Instant goesAt,
      @Nullable Instant unreadDeadline,
      boolean held,
      boolean urgentInQuietHours) {
    /** Validates. */
    public Due {
      Checks.notNull(queueAt, "queueAt");
      Checks.notNull(goesAt, "goesAt");
    }
  }
}
