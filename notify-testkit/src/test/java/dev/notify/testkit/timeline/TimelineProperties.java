package dev.notify.testkit.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Medium;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.QuietWindow;
import dev.notify.timeline.Timeline;
import dev.notify.timeline.UserTiming;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Quiet hours and the timeline around daylight-saving changes — gaps and overlaps, whole-hour,
 * half-hour and 45-minute zones — against a model that lists every window occurrence as a pair of
 * instants and walks them.
 */
class TimelineProperties {
  /** Zones with gaps and overlaps of an hour, half an hour, none, and odd offsets. */
  static final List<ZoneId> ZONES =
      List.of(
              "Europe/Paris",
              "America/New_York",
              "Australia/Lord_Howe",
              "America/St_Johns",
              "Asia/Kolkata",
              "Pacific/Chatham",
              "UTC")
          .stream()
          .map(ZoneId::of)
          .toList();

  static final Gen<LocalTime> TIMES =
      Gen.oneOf(
          Gen.ints(0, 23).map(h -> LocalTime.of(h, 0)),
          Gen.ints(0, 47).map(h -> LocalTime.of(h / 2, (h % 2) * 30)),
          // Around the usual transition times, where gaps and overlaps are.
          Gen.of(LocalTime.of(1, 30), LocalTime.of(2, 0), LocalTime.of(2, 30), LocalTime.of(3, 0)));

  static final Gen<QuietWindow> WINDOWS =
      s ->
          new QuietWindow(
              EnumSet.copyOf(Gen.of(DayOfWeek.values()).set(1, 7).generate(s)),
              TIMES.generate(s),
              TIMES.generate(s));

  record Case(ZoneId zone, List<QuietWindow> windows, Instant start) {}

  /** Instants near the zone's daylight-saving transitions of 2026, or anywhere in that year. */
  static Gen<Instant> near(ZoneId zone) {
    List<Instant> transitions = new ArrayList<>();
    ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
    while (t != null && t.getInstant().isBefore(Instant.parse("2027-01-01T00:00:00Z"))) {
      transitions.add(t.getInstant());
      t = zone.getRules().nextTransition(t.getInstant());
    }
    Gen<Instant> anywhere =
        Gen.longs(0, 365L * 24 * 60)
            .map(m -> Instant.parse("2026-01-01T00:00:00Z").plusSeconds(m * 60));
    if (transitions.isEmpty()) {
      return anywhere;
    }
    return Gen.oneOf(
        anywhere,
        Gen.elements(transitions)
            .flatMap(i -> Gen.ints(-36 * 60, 36 * 60).map(m -> i.plusSeconds(m * 60L))));
  }

  static final Gen<Case> CASES =
      Gen.elements(ZONES)
          .flatMap(
              z ->
                  WINDOWS
                      .list(1, 3)
                      .filter(TimelineProperties::notTheWholeWeek)
                      .flatMap(w -> near(z).map(i -> new Case(z, w, i))));

  static boolean notTheWholeWeek(List<QuietWindow> windows) {
    try {
      QuietHours.of(ZoneId.of("UTC"), windows);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Every occurrence of the windows as [start, end) instants, over the days around {@code at}. */
  static List<Instant[]> occurrences(Case c, Instant at) {
    List<Instant[]> out = new ArrayList<>();
    LocalDate day = at.atZone(c.zone()).toLocalDate();
    for (LocalDate d = day.minusDays(3); !d.isAfter(day.plusDays(10)); d = d.plusDays(1)) {
      for (QuietWindow w : c.windows()) {
        if (w.days().contains(d.getDayOfWeek())) {
          LocalDate endDay = w.to().isAfter(w.from()) ? d : d.plusDays(1);
          out.add(
              new Instant[] {
                ZonedDateTime.of(d, w.from(), c.zone()).toInstant(),
                ZonedDateTime.of(endDay, w.to(), c.zone()).toInstant()
              });
        }
      }
    }
    return out;
  }

  static boolean quietInModel(Case c, Instant at) {
    for (Instant[] o : occurrences(c, at)) {
      if (!at.isBefore(o[0]) && at.isBefore(o[1])) {
        return true;
      }
    }
    return false;
  }

  /**
   * The model's release: keep jumping to the latest end of an occurrence that holds the instant.
   */
  static Instant releaseInModel(Case c, Instant at) {
    List<Instant[]> occ = occurrences(c, at);
    Instant t = at;
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Instant[] o : occ) {
        if (!t.isBefore(o[0]) && t.isBefore(o[1])) {
          t = o[1];
          moved = true;
        }
      }
    }
    return t;
  }

  @Test
  void release_isTheFirstInstantOutsideEveryWindow_acrossDaylightSaving() {
    Property.forAll(CASES)
        .named("quiet hours release as the model does")
        .tries(400)
        .check(
            c -> {
              QuietHours q = QuietHours.of(c.zone(), c.windows());
              Instant t = c.start();
              assertThat(q.isQuiet(t)).as("quiet at %s", t).isEqualTo(quietInModel(c, t));
              Instant r = q.release(t);
              assertThat(r).isEqualTo(releaseInModel(c, t));
              assertThat(r).isAfterOrEqualTo(t);
              assertThat(q.isQuiet(r)).isFalse();
              assertThat(q.release(r)).isEqualTo(r);
              Instant later = t.plusSeconds(17 * 60);
              assertThat(q.release(later)).as("monotone").isAfterOrEqualTo(r);
            });
  }

  record Flow(
      Case quiet, List<Instant> ats, List<Boolean> urgent, DigestPolicy digest, boolean inApp) {}

  static final Gen<Flow> FLOWS =
      CASES.flatMap(
          c ->
              Gen.ints(0, 240)
                  .list(1, 12)
                  .flatMap(
                      offsets ->
                          Gen.booleans()
                              .list(offsets.size(), offsets.size())
                              .flatMap(
                                  urgent ->
                                      Gen.ints(1, 60)
                                          .zip(
                                              Gen.ints(2, 5)
                                                  .zip(
                                                      Gen.booleans(),
                                                      (m, f) -> new Object[] {m, f}),
                                              (w, mf) ->
                                                  new DigestPolicy(
                                                      Duration.ofMinutes(w),
                                                      (Integer) mf[0],
                                                      (Boolean) mf[1]))
                                          .zip(
                                              Gen.booleans(),
                                              (d, inApp) -> {
                                                List<Instant> ats = new ArrayList<>();
                                                for (int o : offsets) {
                                                  ats.add(c.start().plusSeconds(o * 60L));
                                                }
                                                return new Flow(c, ats, urgent, d, inApp);
                                              }))));

  @Test
  void theTimeline_neverHoldsInApp_neverSendsEarly_andDigestsWithinTheirBounds() {
    Property.forAll(FLOWS)
        .named("timeline invariants")
        .tries(300)
        .check(
            f -> {
              QuietHours q = QuietHours.of(f.quiet().zone(), f.quiet().windows());
              UserTiming timing = new UserTiming(q, Duration.ofMinutes(10), f.digest());
              List<Timeline.Item> items = new ArrayList<>();
              for (int i = 0; i < f.ats().size(); i++) {
                String option = f.urgent().get(i) ? "note.mentioned" : "note.added";
                items.add(
                    new Timeline.Item(
                        "a" + i, i, "ann", Medium.IN_APP, option, f.ats().get(i), false, false));
                items.add(
                    new Timeline.Item(
                        "a" + i,
                        i,
                        "ann",
                        Medium.EMAIL,
                        option,
                        f.ats().get(i),
                        i % 3 == 0,
                        f.inApp()));
              }
              List<Timeline.Placed> placed =
                  Timeline.place(items, u -> timing, Set.of("note.mentioned"), (u, a) -> null);
              Map<Integer, List<Timeline.Placed>> digests = new HashMap<>();
              for (Timeline.Placed p : placed) {
                Timeline.Item it = p.item();
                assertThat(p.sent()).as("nobody read: everything is sent").isTrue();
                if (it.medium().isInApp()) {
                  assertThat(p.due()).as("in-app is never held").isEqualTo(it.at());
                  continue;
                }
                assertThat(p.due()).as("never before the action").isAfterOrEqualTo(it.at());
                if (it.conditional() && it.inAppToo()) {
                  assertThat(p.due()).isAfterOrEqualTo(it.at().plusSeconds(600));
                }
                boolean urgent = it.option().equals("note.mentioned");
                if (urgent) {
                  Instant expected =
                      it.conditional() && it.inAppToo() ? it.at().plusSeconds(600) : it.at();
                  assertThat(p.due())
                      .as("urgent passes quiet hours and digests")
                      .isEqualTo(expected);
                  assertThat(p.digest()).isZero();
                } else {
                  assertThat(q.isQuiet(p.due())).as("sent in quiet hours: %s", p).isFalse();
                }
                if (p.digest() > 0) {
                  digests.computeIfAbsent(p.digest(), n -> new ArrayList<>()).add(p);
                }
              }
              for (List<Timeline.Placed> d : digests.values()) {
                assertThat(d.size()).isBetween(1, f.digest().max());
                assertThat(d.stream().map(Timeline.Placed::due).distinct()).hasSize(1);
              }
              for (int n = 1; n <= digests.size(); n++) {
                assertThat(digests).as("digests are numbered 1, 2, …").containsKey(n);
                if (n > 1) {
                  assertThat(digests.get(n).get(0).due())
                      .as("in send order")
                      .isAfterOrEqualTo(digests.get(n - 1).get(0).due());
                }
              }
            });
  }
}
