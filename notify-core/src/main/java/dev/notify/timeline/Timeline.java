package dev.notify.timeline;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Rules 8 to 10 of the timeline: when each decided delivery is sent. A delivery is due at its
 * action's instant; a conditional ({@code IF_UNREAD}) email of a user who also got the in-app
 * notification waits for their unread delay and is dropped if they read it by then; quiet hours
 * hold non-urgent external deliveries until their window ends; a user's digest combines their
 * non-urgent emails of a window into one, sent when the window ends or fills up (and then held by
 * quiet hours too); a user's throttle gathers the non-urgent external deliveries beyond its limit
 * in a window into one digest sent when that window ends. In-app notifications are never held,
 * delayed or digested.
 *
 * <p>A pure function of its arguments: thread-safe, no I/O.
 *
 * @since 0.2.0
 */
public final class Timeline {
  private Timeline() {}

  /**
   * One decided delivery to place in time.
   *
   * @param actionId the action
   * @param order the action's position among the actions (ties of due instants go by it)
   * @param userId the recipient
   * @param medium the medium
   * @param option the option it was labelled with (urgent options pass quiet hours and digests)
   * @param at when the action happened
   * @param conditional whether only an {@code IF_UNREAD} option passed
   * @param inAppToo whether the same user got the in-app notification of the same action
   */
  public record Item(
      String actionId,
      int order,
      String userId,
      Medium medium,
      String option,
      Instant at,
      boolean conditional,
      boolean inAppToo) {
    /** Validates. */
    public Item {
      Checks.notNull(actionId, "actionId");
      Checks.notNull(userId, "userId");
      Checks.notNull(medium, "medium");
      Checks.notNull(option, "option");
      Checks.notNull(at, "at");
      Checks.argument(
          !(conditional && medium.isInApp()), "an in-app delivery is never conditional");
    }
  }

  /**
   * Where an item ended up.
   *
   * @param item the item
   * @param sent whether it is sent (a conditional email read in time is not)
   * @param due when it is sent, or {@code null} when it is not
   * @param digest the number of its digest for its user (1, 2, … in send order), 0 when alone
   * @param why what the timeline did to it, in English ("" when it goes out as decided)
   * @param throttled whether its user's throttle held it back into the throttle's digest (since
   *     0.3.0)
   */
  public record Placed(
      Item item, boolean sent, @Nullable Instant due, int digest, String why, boolean throttled) {
    /** A placement no throttle held back (the 0.2.0 constructor). */
    public Placed(Item item, boolean sent, @Nullable Instant due, int digest, String why) {
      this(item, sent, due, digest, why, false);
    }
  }

  /** When a user read the in-app notification of an action. */
  @FunctionalInterface
  public interface Reads {
    /** The instant {@code userId} read the in-app notification of {@code actionId}, or null. */
    @Nullable Instant readAt(String userId, String actionId);
  }

  /**
   * Places every item in time.
   *
   * @param items the decided deliveries
   * @param timings each user's timing (null for {@link UserTiming#DEFAULT})
   * @param urgent the options that pass quiet hours and digests
   * @param reads when users read their in-app notifications
   * @return for each item, in the same order, where it ended up
   */
  public static List<Placed> place(
      List<Item> items,
      Function<String, @Nullable UserTiming> timings,
      Set<String> urgent,
      Reads reads) {
    return place(items, timings, TimelinePolicy.of(urgent), reads);
  }

  /**
   * Places every item in time under {@code policy}.
   *
   * @param items the decided deliveries
   * @param timings each user's timing (null for {@link UserTiming#DEFAULT})
   * @param policy the timeline policy (which options are urgent)
   * @param reads when users read their in-app notifications
   * @return for each item, in the same order, where it ended up
   * @since 0.3.0
   */
  public static List<Placed> place(
      List<Item> items,
      Function<String, @Nullable UserTiming> timings,
      TimelinePolicy policy,
      Reads reads) {
    Checks.noNulls(items, "items");
    Checks.notNull(timings, "timings");
    Checks.notNull(policy, "policy");
    Checks.notNull(reads, "reads");
    Placed[] out = new Placed[items.size()];
    Map<String, List<Integer>> digestable = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      UserTiming t = timing(timings, it.userId());
      if (it.medium().isInApp()) {
        out[i] = new Placed(it, true, it.at(), 0, "");
        continue;
      }
      TimelinePolicy.Due due =
          policy.due(it.at(), it.option(), it.conditional() && it.inAppToo(), t);
      List<String> why = new ArrayList<>();
      Instant deadline = due.unreadDeadline();
      if (deadline != null) { // rule 8
        Instant read = reads.readAt(it.userId(), it.actionId());
        if (read != null && !read.isAfter(deadline)) {
          out[i] =
              new Placed(
                  it, false, null, 0, "not sent: read after " + minutes(it.at(), read) + " min");
          continue;
        }
        why.add("sent: still unread after " + t.unreadDelay().toMinutes() + " min");
      }
      if (due.held()) { // rule 9
        why.add("held by quiet hours until " + t.quietHours().local(due.goesAt()));
      } else if (due.urgentInQuietHours()) {
        why.add("urgent: not held by quiet hours");
      }
      out[i] = new Placed(it, true, due.goesAt(), 0, String.join("; ", why));
      if (policy.digestOf(it.medium(), it.option(), t) != null
          || policy.throttleOf(it.medium(), it.option(), t) != null) {
        digestable.computeIfAbsent(it.userId(), u -> new ArrayList<>()).add(i);
      }
    }
    for (Map.Entry<String, List<Integer>> e : digestable.entrySet()) {
      gather(items, out, e.getValue(), timing(timings, e.getKey()), policy);
    }
    return List.of(out);
  }

  /** A digest being built: its window's last state, its members, whether a throttle made it. */
  private static final class Gathered {
    DigestWindow window;
    final List<Integer> members = new ArrayList<>();
    final boolean throttle;

    Gathered(DigestWindow window, boolean throttle) {
      this.window = window;
      this.throttle = throttle;
    }
  }

  /**
   * The throttle, then rule 10, for one user's non-urgent external deliveries, placed one by one in
   * due order as the workers place them: each counts against its medium's throttle window first;
   * held back, it joins that window's digest; let through, an email goes on to the user's digest.
   */
  private static void gather(
      List<Item> items, Placed[] out, List<Integer> mine, UserTiming t, TimelinePolicy policy) {
    List<Integer> order = new ArrayList<>(mine);
    order.sort(
        Comparator.<Integer, Instant>comparing(i -> Checks.notNull(out[i].due(), "due"))
            .thenComparingInt(i -> items.get(i).order())
            .thenComparingInt(i -> i));
    Map<Medium, ThrottleWindow> throttles = new HashMap<>();
    Map<Medium, Gathered> open = new HashMap<>();
    // Digests in the order they opened, with their members.
    Map<String, Gathered> digests = new LinkedHashMap<>();
    for (int i : order) {
      Item it = items.get(i);
      Instant due = Checks.notNull(out[i].due(), "due");
      Throttle throttle = policy.throttleOf(it.medium(), it.option(), t);
      if (throttle != null) {
        ThrottleWindow.Counted c = TimelinePolicy.count(throttles.get(it.medium()), due, throttle);
        if (!c.passes()) {
          String gid = c.window().gathered();
          Gathered g = gid == null ? null : digests.get(gid);
          DigestWindow.Placed p =
              TimelinePolicy.gather(
                  g == null ? null : g.window, "d" + i, "t" + digests.size(), c.window());
          if (p.opened()) {
            g = new Gathered(p.window(), true);
            digests.put(p.window().id(), g);
            throttles.put(it.medium(), c.window().gatheringIn(p.window().id()));
          }
          Checks.notNull(g, "the throttle's digest").window = p.window();
          g.members.add(i);
          continue;
        }
        throttles.put(it.medium(), c.window());
      }
      DigestPolicy digest = policy.digestOf(it.medium(), it.option(), t);
      if (digest == null) {
        continue;
      }
      Gathered g = open.get(it.medium());
      DigestWindow.Placed p =
          TimelinePolicy.place(
              g == null ? null : g.window, "d" + i, "w" + digests.size(), due, digest);
      if (p.opened()) {
        g = new Gathered(p.window(), false);
        digests.put(p.window().id(), g);
        open.put(it.medium(), g);
      }
      Checks.notNull(g, "the open digest").window = p.window();
      if (p.opener()) {
        out[i] =
            new Placed(
                it, true, due, 0, join(out[i].why(), "opened a digest window: sent at once"));
      } else {
        g.members.add(i);
      }
    }
    // Numbered in send order; digests sent at the same instant in the order they opened.
    List<Gathered> sent = new ArrayList<>();
    Map<Gathered, Instant> goes = new HashMap<>();
    for (Gathered g : digests.values()) {
      if (!g.members.isEmpty()) { // a flushed opener and nothing after it: no digest
        sent.add(g);
        goes.put(g, policy.digestGoesAt(g.window.sendFrom(), t));
      }
    }
    sent.sort(Comparator.comparing(goes::get)); // stable: ties keep their opening order
    int number = 0;
    for (Gathered g : sent) {
      Instant send = g.window.sendFrom();
      Instant at = Checks.notNull(goes.get(g), "goes");
      number++;
      String note = "in digest of " + g.members.size() + " (#" + number + ")";
      if (g.throttle) {
        Throttle throttle = Checks.notNull(t.throttle(), "throttle");
        note = "throttled (" + throttle.describe() + "): " + note + ", sent when the window ends";
      }
      if (!at.equals(send)) {
        note += ", held by quiet hours until " + t.quietHours().local(at);
      }
      for (int i : g.members) {
        out[i] = new Placed(items.get(i), true, at, number, join(out[i].why(), note), g.throttle);
      }
    }
  }

  private static UserTiming timing(Function<String, @Nullable UserTiming> timings, String user) {
    UserTiming t = timings.apply(user);
    return t == null ? UserTiming.DEFAULT : t;
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "; " + b;
  }

  private static long minutes(Instant from, Instant to) {
    return Duration.between(from, to).toMinutes();
  }
}
