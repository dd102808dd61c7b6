package dev.notify.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.Action;
import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Audience;
import dev.notify.catalog.Availability;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Relation;
import dev.notify.catalog.SoundCategory;
import dev.notify.settings.DefaultTable;
import dev.notify.testing.NotifyArbitraries;
import dev.notify.testing.NotifyArbitraries.User;
import dev.notify.testing.NotifyArbitraries.World;
import dev.notify.testing.ReferenceModel;
import dev.notify.testing.ReferenceModel.Expected;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The engine against the reference model on a host's wide catalog: a third medium and four more
 * options on a customer message, so a message's plan reads more settings keys than fit in one
 * summary word and the engine takes its general path, while a note's plan still fits.
 */
class WideCatalogProperties {
  static final Medium SMS = Medium.of("sms");
  static final Channel WEB = Channel.of("web");

  static final Catalog CATALOG = wide();
  static final DefaultTable TABLE = DefaultTable.fromCatalog("wide-1", CATALOG);

  private final DecisionEngine engine = DecisionEngine.create(CATALOG, TABLE);
  private final ReferenceModel model = new ReferenceModel(CATALOG, TABLE);

  private static Catalog wide() {
    Catalog.Builder b = Catalog.standard().toBuilder().addMedium(SMS).addChannel(WEB);
    ActionKind msg = ActionKind.MESSAGE_RECEIVED;
    b.addOption(
        option(
            "vip.message.assigned",
            45,
            true,
            SoundCategory.NEW_MESSAGE,
            Availability.EVERYONE,
            Audience.of(msg, Relation.ASSIGNEE),
            Frequency.ALWAYS,
            Frequency.NEVER,
            Frequency.WHEN_LOGGED_OUT));
    b.addOption(
        option(
            "vip.message.followed",
            35,
            false,
            null,
            Availability.EVERYONE,
            Audience.of(msg, Relation.FOLLOWER, Relation.ASSIGNEE),
            Frequency.WHEN_LOGGED_OUT,
            Frequency.ALWAYS,
            Frequency.NEVER));
    b.addOption(
        option(
            "vip.message.any",
            15,
            true,
            SoundCategory.NEW_MESSAGE,
            Availability.LEGACY,
            Audience.of(msg, Relation.EVERYONE),
            Frequency.NEVER,
            Frequency.WHEN_LOGGED_OUT,
            Frequency.ALWAYS));
    b.addOption(
        option(
            "vip.conversation.created",
            25,
            true,
            null,
            Availability.EVERYONE,
            Audience.of(msg, Relation.EVERYONE).onlyNewConversations(),
            Frequency.WHEN_LOGGED_OUT,
            Frequency.NEVER,
            Frequency.ALWAYS));
    return b.build();
  }

  private static NotificationOption option(
      String id,
      int specificity,
      boolean perChannel,
      SoundCategory sound,
      Availability availability,
      Audience audience,
      Frequency inApp,
      Frequency email,
      Frequency sms) {
    return NotificationOption.builder(id)
        .label("Wide catalog option " + id)
        .specificity(specificity)
        .perChannel(perChannel)
        .sound(sound)
        .availability(availability)
        .audience(audience)
        .defaultFor(Medium.IN_APP, inApp)
        .defaultFor(Medium.EMAIL, email)
        .defaultFor(SMS, sms)
        .build();
  }

  record Case(World world, Action action) {}

  @Provide
  Arbitrary<Case> cases() {
    return NotifyArbitraries.worlds(CATALOG)
        .flatMap(w -> NotifyArbitraries.actions(CATALOG, w).map(a -> new Case(w, a)));
  }

  @Property(tries = 1500)
  void engineAgreesWithTheReferenceModel(@ForAll("cases") Case c) {
    for (Decision d :
        engine.decideAll(
            c.action(),
            ReferenceModel.facts(c.action(), c.world()),
            ReferenceModel.recipients(c.world()))) {
      User u = c.world().users().get(d.userId());
      assertThat(d.media())
          .extracting(MediumDecision::medium)
          .containsExactlyElementsOf(CATALOG.media());
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
}
