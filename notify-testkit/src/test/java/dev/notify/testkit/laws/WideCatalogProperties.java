package dev.notify.testkit.laws;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.notify.engine.DecisionEngine;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Resolver;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine's laws on a host's wide catalog: a third medium, a seventh channel and four more
 * options on a customer message, so a message's plan has more (option, medium) pairs than one
 * settings read holds and the engine reads it in parts, while a note's plan still reads in one.
 */
class WideCatalogProperties {
  static final Medium SMS = Medium.of("sms");
  static final Channel WEB = Channel.of("web");

  static final Catalog CATALOG = wide();
  static final DefaultTable TABLE = DefaultTable.fromCatalog("wide-1", CATALOG);

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

  private final DecisionEngine engine = DecisionEngine.create(CATALOG, TABLE);

  @TestFactory
  Stream<DynamicTest> theEngineLawsHoldOnAWideCatalog() {
    return EngineLaws.of(engine).tries(1500).tests();
  }

  @Test
  void messagePlansReadTwoParts_notePlansOne() {
    // What makes this catalog "wide": a message's plan has more (option, medium) pairs than one
    // settings read holds, so the engine reads it in parts.
    int messageOptions = CATALOG.optionsFor(ActionKind.MESSAGE_RECEIVED).size();
    assertThat(messageOptions * CATALOG.media().size()).isGreaterThan(Resolver.PAIRS_PER_PART);
    int noteOptions = CATALOG.optionsFor(ActionKind.NOTE_ADDED).size();
    assertThat(noteOptions * CATALOG.media().size()).isLessThanOrEqualTo(Resolver.PAIRS_PER_PART);
  }
}
