package dev.notify.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.engine.Outcome;
import dev.notify.engine.Reason;
import dev.notify.settings.Layer;
import org.junit.jupiter.api.Test;

class PlainWhyTest {
  private static final NotificationOption MENTIONED =
      Catalog.standard().option("note.mentioned").orElseThrow();

  @Test
  void eachLayer_inTheSettingsPagesWords() {
    assertThat(
            PlainWhy.say(
                new Reason(
                    Outcome.DELIVERED,
                    MENTIONED,
                    Frequency.ALWAYS,
                    Layer.OPTION_SETTING,
                    null,
                    null),
                Medium.EMAIL))
        .isEqualTo("You chose Always for \u201cI'm mentioned in a note\u201d (Email).");
    assertThat(
            PlainWhy.say(
                new Reason(
                    Outcome.NEVER,
                    MENTIONED,
                    Frequency.NEVER,
                    Layer.CHANNEL_SETTING,
                    Channel.of("chat"),
                    null),
                Medium.IN_APP))
        .isEqualTo("You chose Never for \u201cI'm mentioned in a note\u201d on Chat (In-app).");
    assertThat(
            PlainWhy.say(
                new Reason(
                    Outcome.LOGGED_IN,
                    MENTIONED,
                    Frequency.WHEN_LOGGED_OUT,
                    Layer.DEFAULT_TABLE,
                    null,
                    "standard-1"),
                Medium.EMAIL))
        .isEqualTo(
            "\u201cI'm mentioned in a note\u201d is When logged out by default (Email), and you"
                + " are logged in.");
    assertThat(
            PlainWhy.say(
                new Reason(
                    Outcome.DELIVERED,
                    MENTIONED,
                    Frequency.ALWAYS,
                    Layer.ORGANIZATION_LOCK,
                    null,
                    null,
                    "Acme"),
                Medium.EMAIL))
        .isEqualTo("Your organisation set \u201cI'm mentioned in a note\u201d to Always (Email).");
    assertThat(PlainWhy.say(new Reason(Outcome.ACTOR, null, null, null, null, null), Medium.EMAIL))
        .isEqualTo("You did this yourself.");
    assertThat(
            PlainWhy.say(
                new Reason(Outcome.NOT_OFFERED, MENTIONED, null, null, null, null), Medium.EMAIL))
        .isEqualTo("This help desk does not send email.");
  }
}
