package dev.notify.testkit.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Medium;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.DigestWindow;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.TimelinePolicy;
import dev.notify.timeline.UserTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one timeline policy against the rules of the conformance format's timeline, read literally:
 * rule 8's deadline, rule 9's release (through {@link TimelineProperties}' model of window
 * occurrences, not through {@link QuietHours#release}) and rule 10's windows, built here as the
 * rule's text says and compared with the windows the policy builds one placement at a time, as the
 * digest books ask it.
 */
class TimelinePolicyProperties {
  private static final TimelinePolicy POLICY = TimelinePolicy.of(Set.of("note.mentioned"));

  record DueCase(
      TimelineProperties.Case quiet, boolean urgent, boolean waitsForUnread, int delayMinutes) {}

  static final Gen<DueCase> DUES =
      TimelineProperties.CASES.flatMap(
          c ->
              Gen.booleans()
                  .zip(Gen.booleans(), (u, w) -> new boolean[] {u, w})
                  .zip(Gen.ints(1, 1440), (uw, d) -> new DueCase(c, uw[0], uw[1], d)));

  @Test
  void rules8And9_theDueInstantIsTheDeadlineReleasedByQuietHoursUnlessUrgent() {
    Property.forAll(DUES)
        .named("policy due = rules 8 and 9")
        .tries(400)
        .check(
            d -> {
              TimelineProperties.Case c = d.quiet();
              UserTiming t =
                  new UserTiming(
                      QuietHours.of(c.zone(), c.windows()),
                      Duration.ofMinutes(d.delayMinutes()),
                      null);
              String option = d.urgent() ? "note.mentioned" : "note.added";
              Instant at = c.start();
              TimelinePolicy.Due due = POLICY.due(at, option, d.waitsForUnread(), t);
              Instant from = d.waitsForUnread() ? at.plusSeconds(60L * d.delayMinutes()) : at;
              Instant goes = d.urgent() ? from : TimelineProperties.releaseInModel(c, from);
              assertThat(due.goesAt()).isEqualTo(goes);
              assertThat(due.unreadDeadline()).isEqualTo(d.waitsForUnread() ? from : null);
              assertThat(due.queueAt()).isEqualTo(d.waitsForUnread() ? from : goes);
              assertThat(due.held()).isEqualTo(!goes.equals(from));
              assertThat(due.urgentInQuietHours())
                  .isEqualTo(d.urgent() && TimelineProperties.quietInModel(c, from));
              assertThat(POLICY.afterUnreadDeadline(from, option, t)).isEqualTo(goes);
            });
  }

  /** One window as rule 10's text builds it: its opener (or -1), its members, its send instant. */
  record RuleWindow(int opener, List<Integer> members, Instant sendFrom) {}

  /** Rule 10, read literally, over dues already ordered. */
  static List<RuleWindow> byTheRule(List<Instant> dues, DigestPolicy p) {
    List<RuleWindow> out = new ArrayList<>();
    int i = 0;
    while (i < dues.size()) {
      Instant t0 = dues.get(i);
      Instant end = t0.plus(p.window());
      int first = p.flushFirst() ? i + 1 : i;
      int j = first;
      while (j < dues.size() && j - first < p.max() && dues.get(j).isBefore(end)) {
        j++;
      }
      List<Integer> members = new ArrayList<>();
      for (int m = first; m < j; m++) {
        members.add(m);
      }
      Instant send = members.size() == p.max() ? dues.get(j - 1) : end;
      out.add(new RuleWindow(p.flushFirst() ? i : -1, members, send));
      i = Math.max(j, i + 1);
    }
    return out;
  }

  record DigestCase(List<Instant> dues, DigestPolicy policy, TimelineProperties.Case quiet) {}

  static final Gen<DigestCase> DIGESTS =
      TimelineProperties.CASES.flatMap(
          c ->
              Gen.ints(0, 240 * 60)
                  .list(1, 20)
                  .flatMap(
                      seconds ->
                          Gen.ints(1, 60)
                              .zip(Gen.ints(2, 6), (w, m) -> new int[] {w, m})
                              .zip(
                                  Gen.booleans(),
                                  (wm, flush) -> {
                                    List<Instant> dues = new ArrayList<>();
                                    seconds.stream()
                                        .sorted()
                                        .forEach(s -> dues.add(c.start().plusSeconds(s)));
                                    return new DigestCase(
                                        dues,
                                        new DigestPolicy(Duration.ofMinutes(wm[0]), wm[1], flush),
                                        c);
                                  })));

  @Test
  void rule10_placingOneAtATimeBuildsTheRulesWindows() {
    Property.forAll(DIGESTS)
        .named("policy windows = rule 10")
        .tries(500)
        .check(
            d -> {
              UserTiming t =
                  new UserTiming(
                      QuietHours.of(d.quiet().zone(), d.quiet().windows()),
                      UserTiming.DEFAULT_UNREAD_DELAY,
                      d.policy());
              assertThat(POLICY.digestOf(Medium.EMAIL, "note.added", t)).isEqualTo(d.policy());
              assertThat(POLICY.digestOf(Medium.EMAIL, "note.mentioned", t)).isNull();
              assertThat(POLICY.digestOf(Medium.IN_APP, "note.added", t)).isNull();
              DigestWindow open = null;
              Map<String, DigestWindow> last = new LinkedHashMap<>();
              Map<String, Integer> openers = new LinkedHashMap<>();
              Map<String, List<Integer>> members = new LinkedHashMap<>();
              for (int i = 0; i < d.dues().size(); i++) {
                DigestWindow.Placed p =
                    TimelinePolicy.place(open, "d" + i, "w" + i, d.dues().get(i), d.policy());
                open = p.window();
                last.put(open.id(), open);
                members.computeIfAbsent(open.id(), k -> new ArrayList<>());
                if (p.opener()) {
                  openers.put(open.id(), i);
                } else {
                  members.get(open.id()).add(i);
                  assertThat(p.position()).isEqualTo(members.get(open.id()).size());
                  assertThat(open.sender())
                      .as("the first member sends, or the filler")
                      .isEqualTo(
                          "d" + (open.members() == open.max() ? i : members.get(open.id()).get(0)));
                }
              }
              List<RuleWindow> expected = byTheRule(d.dues(), d.policy());
              List<RuleWindow> actual = new ArrayList<>();
              for (DigestWindow w : last.values()) {
                actual.add(
                    new RuleWindow(
                        openers.getOrDefault(w.id(), -1), members.get(w.id()), w.sendFrom()));
              }
              assertThat(actual).isEqualTo(expected);
              for (RuleWindow w : expected) {
                assertThat(POLICY.digestGoesAt(w.sendFrom(), t))
                    .as("rule 9 on the send instant")
                    .isEqualTo(TimelineProperties.releaseInModel(d.quiet(), w.sendFrom()));
              }
            });
  }

  @Test
  void aSealedWindowTakesNoOne() {
    DigestPolicy p = new DigestPolicy(Duration.ofMinutes(15), 5, false);
    Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
    DigestWindow w = TimelinePolicy.place(null, "d0", "w0", t0, p).window();
    DigestWindow.Placed next = TimelinePolicy.place(w.seal(), "d1", "w1", t0.plusSeconds(60), p);
    assertThat(next.opened()).isTrue();
    assertThat(next.window().id()).isEqualTo("w1");
  }
}
