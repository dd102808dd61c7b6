package dev.notify.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CatalogTest {
  private final Catalog standard = Catalog.standard();

  @Test
  void standard_hasTheTwelveTimelineOptionsAndAppUpdated() {
    assertThat(standard.options())
        .extracting(NotificationOption::id)
        .containsExactly(
            "conversation.message.assigned",
            "customer.message.followed",
            "customer.message.any",
            "conversation.created",
            "conversation.assigned",
            "conversation.transferred",
            "conversation.snooze_expired",
            "note.added",
            "note.mentioned",
            "note.team_mentioned",
            "object.created",
            "object.updated",
            "app.updated");
    assertThat(standard.options().stream().filter(o -> o.tab() == Tab.TIMELINE)).hasSize(12);
    assertThat(standard.requireOption("app.updated").tab()).isEqualTo(Tab.SYSTEM_EVENTS);
  }

  @Test
  void standard_channelsAndMedia() {
    assertThat(standard.channels())
        .extracting(Channel::id)
        .containsExactly("amazon_connect", "chat", "email", "forms", "gmail", "twilio");
    assertThat(standard.media()).containsExactly(Medium.IN_APP, Medium.EMAIL);
  }

  @Test
  void standard_onlyMessageOptionsArePerChannel() {
    assertThat(
            standard.options().stream()
                .filter(NotificationOption::perChannel)
                .map(NotificationOption::id))
        .containsExactly(
            "conversation.message.assigned",
            "customer.message.followed",
            "customer.message.any",
            "conversation.created");
  }

  @Test
  void standard_soundCategories() {
    assertThat(standard.requireOption("conversation.message.assigned").sound())
        .contains(SoundCategory.NEW_MESSAGE);
    assertThat(standard.requireOption("conversation.assigned").sound())
        .contains(SoundCategory.ASSIGNED);
    assertThat(standard.requireOption("note.mentioned").sound()).contains(SoundCategory.MENTIONED);
    assertThat(standard.requireOption("note.team_mentioned").sound())
        .contains(SoundCategory.TEAM_MENTIONED);
    assertThat(standard.requireOption("note.added").sound()).isEmpty();
  }

  @Test
  void optionsFor_areMostSpecificFirst() {
    assertThat(standard.optionsFor(ActionKind.NOTE_ADDED))
        .extracting(NotificationOption::id)
        .containsExactly("note.mentioned", "note.team_mentioned", "note.added");
    assertThat(standard.optionsFor(ActionKind.MESSAGE_RECEIVED))
        .extracting(NotificationOption::id)
        .containsExactly(
            "conversation.message.assigned",
            "customer.message.followed",
            "conversation.created",
            "customer.message.any");
    assertThat(standard.optionsFor(ActionKind.of("nothing.listens"))).isEmpty();
  }

  @Test
  void legacyAvailability_cutOffIsInclusive() {
    Availability legacy = standard.requireOption("customer.message.any").availability();
    LocalDate old = LocalDate.of(2020, 1, 1);
    assertThat(legacy.isAvailableTo(Tenure.of(old, LocalDate.of(2021, 1, 12)))).isTrue();
    assertThat(legacy.isAvailableTo(Tenure.of(old, LocalDate.of(2021, 1, 13)))).isFalse();
    assertThat(legacy.isAvailableTo(Tenure.of(LocalDate.of(2021, 1, 13), old))).isFalse();
    assertThat(legacy.isAvailableTo(Tenure.of(old, null))).isFalse();
    assertThat(legacy.isAvailableTo(Tenure.NEW)).isFalse();
    assertThat(Availability.EVERYONE.isAvailableTo(Tenure.NEW)).isTrue();
  }

  @Test
  void toBuilder_addsAHostsChannelMediumAndOption() {
    NotificationOption vip =
        NotificationOption.builder("vip.message")
            .label("A VIP customer writes")
            .perChannel(true)
            .sound(SoundCategory.NEW_MESSAGE)
            .audience(Audience.of(ActionKind.MESSAGE_RECEIVED, Relation.EVERYONE))
            .specificity(50)
            .defaultFor(Medium.of("sms"), Frequency.ALWAYS)
            .build();
    Catalog c =
        standard.toBuilder()
            .addChannel(Channel.of("whatsapp"))
            .addMedium(Medium.of("sms"))
            .addOption(vip)
            .build();
    assertThat(c.hasChannel(Channel.of("whatsapp"))).isTrue();
    assertThat(c.media()).containsExactly(Medium.IN_APP, Medium.EMAIL, Medium.of("sms"));
    assertThat(c.optionsFor(ActionKind.MESSAGE_RECEIVED).get(0)).isEqualTo(vip);
    assertThat(standard.hasChannel(Channel.of("whatsapp"))).isFalse();
  }

  @Test
  void build_rejectsDuplicatesAndUnknownDefaultMedia() {
    assertThatThrownBy(() -> standard.toBuilder().addChannel(Channel.CHAT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"chat\"");
    NotificationOption o =
        NotificationOption.builder("x.y")
            .label("x")
            .audience(Audience.of(ActionKind.of("x"), Relation.EVERYONE))
            .defaultFor(Medium.of("pager"), Frequency.ALWAYS)
            .build();
    assertThatThrownBy(() -> standard.toBuilder().addOption(o).build())
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("\"pager\"")
        .extracting(e -> ((NotifyException) e).path())
        .isEqualTo("options.x.y.defaults");
  }

  @Test
  void ids_areValidated() {
    assertThatThrownBy(() -> Channel.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("channel cannot be null");
    assertThatThrownBy(() -> Channel.of("Chat Room"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"Chat Room\"");
    assertThatThrownBy(() -> Medium.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"\"");
    assertThatThrownBy(() -> SoundCategory.fromId("beep"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"beep\"");
  }

  @Test
  void requireOption_unknownIsQuoted() {
    assertThatThrownBy(() -> standard.requireOption("conversation.assignd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"conversation.assignd\"");
  }
}
