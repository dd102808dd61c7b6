package dev.notify.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.settings.Layer;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import dev.notify.testing.NotifyArbitraries;
import dev.notify.testing.NotifyArbitraries.User;
import dev.notify.testing.NotifyArbitraries.World;
import dev.notify.testing.ReferenceModel;
import dev.notify.testing.ReferenceModel.Expected;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The engine's invariants of DESIGN.md, each a property over arbitrary organisations and actions.
 */
class DecisionEngineProperties {
  private final DecisionEngine engine = DecisionEngine.standard();
  private final ReferenceModel model = new ReferenceModel();

  record Case(World world, Action action) {}

  @Provide
  Arbitrary<Case> cases() {
    return NotifyArbitraries.worlds()
        .flatMap(w -> NotifyArbitraries.actions(w).map(a -> new Case(w, a)));
  }

  private List<Decision> decideAll(Case c) {
    return engine.decideAll(
        c.action(),
        ReferenceModel.facts(c.action(), c.world()),
        ReferenceModel.recipients(c.world()));
  }

  @Property(tries = 2000)
  void engineAgreesWithTheReferenceModel(@ForAll("cases") Case c) {
    for (Decision d : decideAll(c)) {
      User u = c.world().users().get(d.userId());
      for (MediumDecision md : d.media()) {
        Optional<Expected> expected = model.expected(c.action(), c.world(), u, md.medium());
        Optional<Expected> actual =
            md.delivered()
                ? Optional.of(new Expected(md.reason().option().id(), md.popup(), md.sound()))
                : Optional.empty();
        assertThat(actual).as("%s %s", d.userId(), md.medium()).isEqualTo(expected);
      }
    }
  }

  @Property
  void neverNeverDelivers(@ForAll("cases") Case c) {
    for (Decision d : decideAll(c)) {
      for (MediumDecision md : d.media()) {
        if (md.delivered()) {
          assertThat(md.reason().frequency()).isNotEqualTo(Frequency.NEVER);
        }
      }
      // A user whose every qualifying option resolves to NEVER is never told over that medium.
      User u = c.world().users().get(d.userId());
      for (Medium m : NotifyArbitraries.media()) {
        boolean allNever =
            model.qualifying(c.action(), c.world(), u).stream()
                .allMatch(o -> model.resolve(o, c.action(), u, m) == Frequency.NEVER);
        if (allNever) {
          assertThat(d.delivers(m)).isFalse();
        }
      }
    }
  }

  @Property
  void alwaysDeliversToAQualifyingNonActor(@ForAll("cases") Case c) {
    for (Decision d : decideAll(c)) {
      User u = c.world().users().get(d.userId());
      for (Medium m : NotifyArbitraries.media()) {
        boolean anyAlways =
            model.qualifying(c.action(), c.world(), u).stream()
                .filter(o -> o.availability().isAvailableTo(u.tenure()))
                .anyMatch(o -> model.resolve(o, c.action(), u, m) == Frequency.ALWAYS);
        if (anyAlways) {
          assertThat(d.delivers(m)).as("%s %s", u.id(), m).isTrue();
        }
      }
    }
  }

  @Property
  void whenLoggedOutDeliversExactlyWhenNotLoggedIn(
      @ForAll("cases") Case c, @ForAll Presence presence) {
    for (Decision d : decideAll(c)) {
      User u = c.world().users().get(d.userId());
      for (Medium m : NotifyArbitraries.media()) {
        List<Frequency> resolved =
            model.qualifying(c.action(), c.world(), u).stream()
                .filter(o -> o.availability().isAvailableTo(u.tenure()))
                .map(o -> model.resolve(o, c.action(), u, m))
                .toList();
        if (!resolved.isEmpty()
            && resolved.stream().allMatch(f -> f == Frequency.WHEN_LOGGED_OUT)) {
          Recipient r = new Recipient(u.id(), u.tenure(), u.settings(), presence);
          Decision again =
              engine.decide(c.action(), ReferenceModel.facts(c.action(), c.world()), r);
          assertThat(again.delivers(m)).isEqualTo(presence != Presence.LOGGED_IN);
        }
      }
    }
  }

  @Property
  void theActorIsNeverNotified(@ForAll("cases") Case c) {
    String actor = c.action().actorIfAny().orElse(null);
    for (Decision d : decideAll(c)) {
      if (d.userId().equals(actor)) {
        assertThat(d.deliversAny()).isFalse();
        assertThat(d.media())
            .allSatisfy(md -> assertThat(md.reason().outcome()).isEqualTo(Outcome.ACTOR));
      }
    }
  }

  @Property
  void atMostOneDeliveryPerActionUserAndMedium(@ForAll("cases") Case c) {
    List<Decision> all = decideAll(c);
    Set<String> keys = new HashSet<>();
    for (Decision d : all) {
      assertThat(d.media())
          .extracting(MediumDecision::medium)
          .containsExactlyElementsOf(Catalog.standard().media());
      for (MediumDecision md : d.deliveries()) {
        assertThat(keys.add(d.actionId() + "/" + d.userId() + "/" + md.medium())).isTrue();
      }
    }
  }

  @Provide
  Arbitrary<Raise> raises() {
    return cases()
        .flatMap(
            c -> {
              List<String> users = new ArrayList<>(c.world().users().keySet());
              return Combinators.combine(
                      Arbitraries.of(users),
                      NotifyArbitraries.settings(c.world().users().get(users.get(0)).tenure()))
                  .as((u, s) -> new Raise(c, u, s));
            });
  }

  record Raise(Case c, String user, Setting setting) {}

  @Property
  void raisingASettingNeverRemovesADelivery(@ForAll("raises") Raise r) {
    User u = r.c().world().users().get(r.user());
    Setting s = r.setting();
    if (!Catalog.standard().requireOption(s.option()).availability().isAvailableTo(u.tenure())) {
      return; // not a valid setting for this user
    }
    Frequency current = u.settings().chosen(s.option(), s.channel(), s.medium()).orElse(null);
    Frequency raised =
        current == null
            ? s.frequency()
            : current.compareTo(s.frequency()) >= 0 ? current : s.frequency();
    Frequency lowered =
        current == null
            ? Frequency.NEVER
            : current.compareTo(s.frequency()) <= 0 ? current : s.frequency();
    Decision low =
        decideWith(
            r.c(),
            u,
            u.settings()
                .edit(Catalog.standard(), u.tenure())
                .set(new Setting(s.option(), s.channel(), s.medium(), lowered))
                .build());
    Decision high =
        decideWith(
            r.c(),
            u,
            u.settings()
                .edit(Catalog.standard(), u.tenure())
                .set(new Setting(s.option(), s.channel(), s.medium(), raised))
                .build());
    for (MediumDecision md : low.deliveries()) {
      assertThat(high.delivers(md.medium())).isTrue();
    }
  }

  @Property
  void aChannelSettingChangesNothingOnOtherChannels(@ForAll("cases") Case c, @ForAll Frequency f) {
    Optional<Channel> channel = c.action().channelIfAny();
    if (channel.isEmpty()) {
      return;
    }
    for (User u : c.world().users().values()) {
      Decision before = decideWith(c, u, u.settings());
      UserSettings.Editor edit = u.settings().edit(Catalog.standard(), u.tenure());
      for (NotificationOption o : Catalog.standard().options()) {
        if (o.perChannel() && o.availability().isAvailableTo(u.tenure())) {
          for (Channel other : Catalog.standard().channels()) {
            if (!other.equals(channel.get())) {
              for (Medium m : NotifyArbitraries.media()) {
                edit.set(Setting.of(o.id(), other, m, f));
              }
            }
          }
        }
      }
      Decision after = decideWith(c, u, edit.build());
      assertThat(after.media())
          .extracting(md -> md.delivered() + "/" + md.label() + "/" + md.popup() + "/" + md.sound())
          .isEqualTo(
              before.media().stream()
                  .map(
                      md -> md.delivered() + "/" + md.label() + "/" + md.popup() + "/" + md.sound())
                  .toList());
    }
  }

  @Property
  void theResultDoesNotDependOnOrder(@ForAll("cases") Case c, @ForAll long seed) {
    List<Decision> expected = decideAll(c);
    Random random = new Random(seed);
    List<Recipient> shuffled = new ArrayList<>();
    for (User u : c.world().users().values()) {
      List<Setting> values = new ArrayList<>(u.settings().settings());
      Collections.shuffle(values, random);
      List<Tone> tones = new ArrayList<>(u.settings().tones());
      Collections.shuffle(tones, random);
      shuffled.add(
          new Recipient(
              u.id(),
              u.tenure(),
              UserSettings.of(Catalog.standard(), u.tenure(), values, tones),
              u.presence()));
    }
    Collections.shuffle(shuffled, random);
    List<String> followers = new ArrayList<>(c.world().followers());
    Collections.shuffle(followers, random);
    List<String> members = new ArrayList<>(c.world().membersOf(c.action().mentionedTeams()));
    Collections.shuffle(members, random);
    AudienceFacts facts =
        new AudienceFacts(
            c.action().customerIfAny().isPresent() ? new HashSet<>(followers) : Set.of(),
            new HashSet<>(members));
    assertThat(engine.decideAll(c.action(), facts, shuffled)).isEqualTo(expected);
  }

  @Property
  void anUnavailableLegacyOptionNeverDelivers(@ForAll("cases") Case c) {
    for (Decision d : decideAll(c)) {
      User u = c.world().users().get(d.userId());
      for (MediumDecision md : d.deliveries()) {
        assertThat(md.reason().option().availability().isAvailableTo(u.tenure())).isTrue();
      }
    }
  }

  @Property
  void soundAndPopupOnlyAccompanyAnInAppDeliveryToALoggedInUser(@ForAll("cases") Case c) {
    for (Decision d : decideAll(c)) {
      for (MediumDecision md : d.media()) {
        boolean shown =
            md.delivered()
                && md.medium().equals(Medium.IN_APP)
                && d.presence() == Presence.LOGGED_IN;
        assertThat(md.popup()).isEqualTo(shown);
        if (md.sound() != null) {
          assertThat(shown).isTrue();
        }
      }
    }
  }

  @Property
  void everyDecisionExplainsItselfConsistently(@ForAll("cases") Case c) {
    for (Decision d : decideAll(c)) {
      User u = c.world().users().get(d.userId());
      for (MediumDecision md : d.media()) {
        Reason r = md.reason();
        assertThat(r.explain()).isNotBlank();
        if (r.frequency() != null) {
          // The reason's frequency is what resolution gives for its option, from the layer it
          // names.
          assertThat(r.frequency())
              .isEqualTo(model.resolve(r.option(), c.action(), u, md.medium()));
          Optional<Frequency> channelValue =
              c.action()
                  .channelIfAny()
                  .flatMap(ch -> u.settings().chosen(r.option().id(), ch, md.medium()));
          Optional<Frequency> optionValue = u.settings().chosen(r.option().id(), null, md.medium());
          Layer layer =
              r.option().perChannel() && channelValue.isPresent()
                  ? Layer.CHANNEL_SETTING
                  : optionValue.isPresent() ? Layer.OPTION_SETTING : Layer.DEFAULT_TABLE;
          assertThat(r.layer()).isEqualTo(layer);
        }
      }
    }
  }

  @Property
  void deciding_isDeterministic(@ForAll("cases") Case c) {
    assertThat(decideAll(c)).isEqualTo(decideAll(c));
  }

  private Decision decideWith(Case c, User u, UserSettings settings) {
    return engine.decide(
        c.action(),
        ReferenceModel.facts(c.action(), c.world()),
        new Recipient(u.id(), u.tenure(), settings, u.presence()));
  }
}
