package dev.notify.testkit.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import dev.notify.timeline.DigestWindow;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.ThrottleWindow;
import dev.notify.timeline.TimelinePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The throttle rule of {@code docs/conformance/THROTTLES.md}, read literally: the first delivery
 * opens a window at its due instant; the window lets through the first {@code max} deliveries due
 * before its end; the others due before its end are one digest sent at its end; the next window
 * opens at the first delivery due at or after the end. The model below works on the sorted due
 * instants as a whole; the policy is asked one delivery at a time, as the digest books ask it.
 */
class ThrottleProperties {
  record Case(List<Integer> minutes, int max, int windowMinutes) {}

  static final Gen<Case> CASES =
      s -> {
        List<Integer> minutes = new ArrayList<>(Gen.ints(0, 300).list(1, 40).generate(s));
        minutes.sort(Integer::compare);
        return new Case(minutes, Gen.ints(1, 6).generate(s), Gen.ints(1, 90).generate(s));
      };

  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  /** What the rule's text says: for each delivery, -1 when it passes, else its digest's send. */
  static List<Instant> model(Case c) {
    List<Instant> out = new ArrayList<>();
    int i = 0;
    while (i < c.minutes().size()) {
      int opens = c.minutes().get(i);
      int closes = opens + c.windowMinutes();
      int taken = 0;
      while (i < c.minutes().size() && c.minutes().get(i) < closes) {
        out.add(taken < c.max() ? null : T0.plusSeconds(closes * 60L));
        taken++;
        i++;
      }
    }
    return out;
  }

  /** The policy, one delivery at a time. */
  static List<Instant> policy(Case c) {
    Throttle throttle = new Throttle(c.max(), Duration.ofMinutes(c.windowMinutes()));
    List<Instant> out = new ArrayList<>();
    ThrottleWindow open = null;
    Map<String, DigestWindow> digests = new LinkedHashMap<>();
    for (int i = 0; i < c.minutes().size(); i++) {
      Instant due = T0.plusSeconds(c.minutes().get(i) * 60L);
      ThrottleWindow.Counted counted = TimelinePolicy.count(open, due, throttle);
      open = counted.window();
      if (counted.passes()) {
        out.add(null);
        continue;
      }
      DigestWindow gathered = open.gathered() == null ? null : digests.get(open.gathered());
      DigestWindow.Placed p = TimelinePolicy.gather(gathered, "d" + i, "t" + i, open);
      digests.put(p.window().id(), p.window());
      if (p.opened()) {
        open = open.gatheringIn(p.window().id());
      }
      out.add(p.window().sendFrom());
    }
    return out;
  }

  @Test
  void theThrottle_letsTheFirstMaxOfEachWindowThrough_andGathersTheRestUntilItsEnd() {
    Property.forAll(CASES)
        .named("throttle = its rule")
        .tries(1000)
        .check(c -> assertThat(policy(c)).as("%s", c).isEqualTo(model(c)));
  }

  @Test
  void aDeliveryIsHeldBackOnlyAfterMaxPassedInItsWindow_andItsDigestGoesAfterIt() {
    Property.forAll(CASES)
        .named("held back only when the window is full")
        .tries(500)
        .check(
            c -> {
              List<Instant> got = policy(c);
              assertThat(got).hasSameSizeAs(c.minutes());
              for (int i = 0; i < got.size(); i++) {
                Instant send = got.get(i);
                if (send == null) {
                  continue;
                }
                Instant due = T0.plusSeconds(c.minutes().get(i) * 60L);
                Instant opened = send.minusSeconds(c.windowMinutes() * 60L);
                assertThat(send).isAfter(due);
                long passedInWindow = 0;
                for (int k = 0; k < i; k++) {
                  Instant d = T0.plusSeconds(c.minutes().get(k) * 60L);
                  if (got.get(k) == null && !d.isBefore(opened)) {
                    passedInWindow++;
                  }
                }
                assertThat(passedInWindow).as("%s: #%s held back", c, i).isEqualTo(c.max());
              }
            });
  }
}
