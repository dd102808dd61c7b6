package dev.notify.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.Action;
import dev.notify.action.MessageReceived;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.engine.Decision;
import dev.notify.engine.DecisionEngine;
import dev.notify.engine.MediumDecision;
import dev.notify.pipeline.DefaultTableChange;
import dev.notify.pipeline.Notifier;
import dev.notify.settings.DefaultTable;
import dev.notify.testkit.gen.NotifyGen;
import dev.notify.testkit.gen.NotifyGen.User;
import dev.notify.testkit.gen.NotifyGen.World;
import dev.notify.testkit.laws.ReferenceModel;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dry run of a new default table ({@link Notifier#previewDefaultTable}) says what publishing
 * under it actually does, on random stored users and random new tables: each line counts exactly
 * the users for whom the table's new value takes effect on some channel (by the reference model),
 * and a user whose published decision changes is on a line of an option that qualified.
 */
class DefaultTableChangeProperties {
  private static final Catalog CATALOG = Catalog.standard();

  record Change(String option, Medium medium, Frequency frequency) {}

  record Case(LocalDate org, World world, List<Change> changes, List<Action> actions) {}

  static final Gen<Change> CHANGES =
      Gen.elements(CATALOG.options())
          .flatMap(
              o ->
                  Gen.elements(CATALOG.media())
                      .flatMap(
                          m -> NotifyGen.frequenciesFor(m).map(f -> new Change(o.id(), m, f))));

  static Gen<Case> cases() {
    Gen<LocalDate> org = Gen.of(LocalDate.of(2019, 3, 1), LocalDate.of(2021, 1, 13)).orNull();
    return org.flatMap(
        o ->
            NotifyGen.worlds(CATALOG)
                .map(w -> NotifyGen.withOrganization(w, CATALOG, o))
                .flatMap(
                    w ->
                        CHANGES
                            .list(1, 8)
                            .flatMap(
                                cs ->
                                    NotifyGen.actions(CATALOG, w)
                                        .list(1, 10)
                                        .map(as -> new Case(o, w, cs, as)))));
  }

  @Test
  void theDryRun_countsExactlyWhomTheNewTableReaches_andPublishingChangesNobodyElse() {
    Property.forAll(cases())
        .named("previewDefaultTable agrees with publishing")
        .tries(300)
        .check(DefaultTableChangeProperties::check);
  }

  private static void check(Case c) {
    DefaultTable current = DefaultTable.standard();
    DefaultTable.Builder b = current.toBuilder("standard-2");
    for (Change ch : c.changes()) {
      b.set(ch.option(), ch.medium(), ch.frequency());
    }
    DefaultTable next = b.build();
    PipelineProperties.Stored stored = PipelineProperties.Stored.of(c.org(), c.world());
    Notifier before = notifier(stored, current);
    Notifier after = notifier(stored, next);

    DefaultTableChange preview = before.previewDefaultTable(next, Integer.MAX_VALUE);
    Set<String> counted = new HashSet<>(); // option/medium/user
    for (DefaultTableChange.Line l : preview.changes()) {
      assertThat(l.examples()).hasSize(l.users());
      l.examples().forEach(u -> counted.add(l.option() + "/" + l.medium().id() + "/" + u));
    }

    // Exactly: by the reference model, on every channel.
    ReferenceModel was = new ReferenceModel(CATALOG, current);
    ReferenceModel will = new ReferenceModel(CATALOG, next);
    Set<String> reached = new HashSet<>();
    for (User u : c.world().users().values()) {
      for (NotificationOption o : CATALOG.options()) {
        if (!o.availability().isAvailableTo(u.tenure())) {
          continue;
        }
        for (Medium m : CATALOG.media()) {
          for (Action probe : probes()) {
            if (was.resolve(o, probe, u, m) != will.resolve(o, probe, u, m)) {
              reached.add(o.id() + "/" + m.id() + "/" + u.id());
            }
          }
        }
      }
    }
    assertThat(counted).as("the preview's users").isEqualTo(reached);
    assertThat(preview.users()).isEqualTo(c.world().users().size());

    // Publishing: a decision that changes belongs to a counted (option, medium, user).
    List<Action> actions = c.actions();
    for (int i = 0; i < actions.size(); i++) {
      Action a = PipelineProperties.renamed(actions.get(i), "x" + i);
      List<Decision> x = before.publish(a).decisions();
      List<Decision> y = after.publish(a).decisions();
      assertThat(y).hasSameSizeAs(x);
      for (int k = 0; k < x.size(); k++) {
        User u = c.world().users().get(x.get(k).userId());
        List<NotificationOption> qualifying = was.qualifying(a, c.world(), u);
        for (int j = 0; j < x.get(k).media().size(); j++) {
          MediumDecision p = x.get(k).media().get(j);
          MediumDecision q = y.get(k).media().get(j);
          if (same(p, q)) {
            continue;
          }
          List<String> keys = new ArrayList<>();
          qualifying.forEach(o -> keys.add(o.id() + "/" + p.medium().id() + "/" + u.id()));
          assertThat(keys)
              .as("%s changed for %s by %s: %s -> %s", a.id(), u.id(), p.medium(), p, q)
              .anyMatch(counted::contains);
        }
      }
    }
  }

  private static Notifier notifier(PipelineProperties.Stored stored, DefaultTable table) {
    return Notifier.builder()
        .directory(stored.directory())
        .settings(stored.settings())
        .presence(stored.presence())
        .engine(DecisionEngine.create(CATALOG, table))
        .build();
  }

  /** The same decision, whatever table version its reason names. */
  private static boolean same(MediumDecision p, MediumDecision q) {
    return p.delivered() == q.delivered()
        && p.popup() == q.popup()
        && java.util.Objects.equals(p.sound(), q.sound())
        && p.reason().outcome() == q.reason().outcome()
        && p.reason().frequency() == q.reason().frequency()
        && java.util.Objects.equals(p.reason().option(), q.reason().option());
  }

  /** One action per channel and one without: a setting per channel is read through them. */
  private static List<Action> probes() {
    List<Action> out = new ArrayList<>();
    for (Channel ch : CATALOG.channels()) {
      out.add(
          new MessageReceived(
              "probe", NotifyGen.AT, ch, NotifyGen.CUSTOMER, "k", null, false, "hi"));
    }
    out.add(new dev.notify.action.AppUpdated("probe", NotifyGen.AT, "app"));
    return out;
  }
}
