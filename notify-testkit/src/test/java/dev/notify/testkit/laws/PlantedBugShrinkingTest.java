package dev.notify.testkit.laws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Relation;
import dev.notify.engine.Decision;
import dev.notify.engine.DecisionEngine;
import dev.notify.testkit.gen.NotifyGen;
import dev.notify.testkit.gen.NotifyGen.Scenario;
import dev.notify.testkit.gen.NotifyGen.User;
import dev.notify.testkit.property.Property;
import dev.notify.testkit.property.PropertyFailure;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * Shrinking that helps: an engine with a bug planted around it (here, in the test — never on main)
 * fails the reference-model law, and the counterexample reported is small enough to read: at most
 * two users, two settings and one team.
 */
class PlantedBugShrinkingTest {
  private final DecisionEngine engine = DecisionEngine.standard();
  private final EngineLaws laws = EngineLaws.of(engine);
  private final ReferenceModel model = laws.model();

  /** Whether the planted bug makes the engine deliver {@code m} to the decision's user. */
  private interface Mutant {
    boolean delivers(Scenario c, User u, Decision d, Medium m);
  }

  private PropertyFailure failureWith(Mutant mutant) {
    return catchThrowableOfType(
        PropertyFailure.class,
        () ->
            Property.forAll(NotifyGen.scenarios(Catalog.standard()))
                .named("a mutant agrees with the reference model")
                .seed(2026)
                .tries(5000)
                .check(
                    c -> {
                      for (Decision d : laws.decide(c)) {
                        User u = c.world().users().get(d.userId());
                        for (Medium m : Catalog.standard().media()) {
                          boolean expected =
                              model.expected(c.action(), c.world(), u, m).isPresent();
                          assertThat(mutant.delivers(c, u, d, m))
                              .as(d.explain())
                              .isEqualTo(expected);
                        }
                      }
                    }));
  }

  private static void assertSmall(PropertyFailure f) {
    assertThat(f).as("the planted bug is found").isNotNull();
    Scenario c = (Scenario) f.shrunk();
    int settings =
        c.world().users().values().stream().mapToInt(u -> u.settings().settings().size()).sum();
    assertThat(c.world().users()).as(f.getMessage()).hasSizeLessThanOrEqualTo(2);
    assertThat(settings).as(f.getMessage()).isLessThanOrEqualTo(2);
    assertThat(c.world().teams()).as(f.getMessage()).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void whenLoggedOutOnAChannelTreatedAsAlways_shrinksToASmallCase() {
    BiPredicate<Scenario, User> hasLoggedOutChannelValue =
        (c, u) -> {
          Optional<Channel> ch = c.action().channelIfAny();
          return ch.isPresent()
              && model.qualifying(c.action(), c.world(), u).stream()
                  .anyMatch(
                      o ->
                          o.perChannel()
                              && o.availability().isAvailableTo(u.tenure())
                              && u.settings().settings().stream()
                                  .anyMatch(
                                      s ->
                                          s.option().equals(o.id())
                                              && ch.get().equals(s.channel())
                                              && s.frequency() == Frequency.WHEN_LOGGED_OUT));
        };
    PropertyFailure f =
        failureWith(
            (c, u, d, m) ->
                d.delivers(m)
                    || (u.presence() == Presence.LOGGED_IN && hasLoggedOutChannelValue.test(c, u)));
    assertSmall(f);
  }

  @Test
  void teamMentionsIgnored_shrinksToOneTeam() {
    PropertyFailure f =
        failureWith(
            (c, u, d, m) -> {
              boolean onlyAsTeamMember =
                  ReferenceModel.relations(c.action(), c.world(), u.id())
                          .contains(Relation.TEAM_MENTIONED)
                      && !c.action().mentionedUsers().contains(u.id())
                      && c.action().assigneeIfAny().filter(u.id()::equals).isEmpty()
                      && !c.world().followers().contains(u.id());
              return d.delivers(m) && !onlyAsTeamMember;
            });
    assertSmall(f);
    Scenario c = (Scenario) f.shrunk();
    assertThat(c.world().teams()).as(f.getMessage()).hasSize(1);
  }
}
