package dev.notify.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserSettingsTest {
  private static final Catalog CATALOG = Catalog.standard();
  private static final Tenure OLD = Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2019, 4, 1));
  private static final Tenure NEW_USER =
      Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2021, 2, 1));

  private static UserSettings of(Tenure tenure, Setting... settings) {
    return UserSettings.of(CATALOG, tenure, List.of(settings), List.of());
  }

  @Test
  void none_isOneSharedInstance() {
    assertThat(UserSettings.of(CATALOG, OLD, List.of(), List.of())).isSameAs(UserSettings.none());
    assertThat(UserSettings.none().isEmpty()).isTrue();
  }

  @Test
  void unknownOption_namesThePathAndQuotesTheValue() {
    assertThatThrownBy(
            () -> of(OLD, Setting.of("conversation.assignd", Medium.EMAIL, Frequency.ALWAYS)))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("settings[0].event")
        .hasMessageContaining("\"conversation.assignd\"");
  }

  @Test
  void channelOnOptionWithoutChannels_isRejected() {
    assertThatThrownBy(
            () ->
                of(OLD, Setting.of("note.mentioned", Channel.CHAT, Medium.IN_APP, Frequency.NEVER)))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("note.mentioned")
        .hasMessageContaining("channel")
        .extracting(e -> ((NotifyException) e).path())
        .isEqualTo("settings[0].channel");
  }

  @Test
  void unknownChannelAndMedium_areRejected() {
    assertThatThrownBy(
            () ->
                of(
                    OLD,
                    Setting.of(
                        "conversation.message.assigned",
                        Channel.of("fax"),
                        Medium.IN_APP,
                        Frequency.NEVER)))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("\"fax\"");
    assertThatThrownBy(() -> of(OLD, Setting.of("note.added", Medium.of("sms"), Frequency.NEVER)))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("settings[0].medium")
        .hasMessageContaining("\"sms\"");
  }

  @Test
  void legacyOptionForANewUser_isRejected() {
    assertThatThrownBy(
            () -> of(NEW_USER, Setting.of("customer.message.any", Medium.IN_APP, Frequency.ALWAYS)))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("customer.message.any")
        .hasMessageContaining("2021-01-13");
    assertThat(
            of(OLD, Setting.of("customer.message.any", Medium.IN_APP, Frequency.ALWAYS)).settings())
        .hasSize(1);
  }

  @Test
  void duplicate_isRejectedNamingBothEntries() {
    assertThatThrownBy(
            () ->
                of(
                    OLD,
                    Setting.of("note.added", Medium.EMAIL, Frequency.ALWAYS),
                    Setting.of("note.added", Medium.EMAIL, Frequency.NEVER)))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("duplicate")
        .hasMessageContaining("note.added")
        .hasMessageContaining("settings[0]")
        .extracting(e -> ((NotifyException) e).path())
        .isEqualTo("settings[1]");
  }

  @Test
  void tones_areValidated() {
    assertThatThrownBy(() -> new Tone(SoundCategory.ASSIGNED, null, "  "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                UserSettings.of(
                    CATALOG,
                    OLD,
                    List.of(),
                    List.of(new Tone(SoundCategory.ASSIGNED, Channel.CHAT, "pop"))))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("sounds[0].channel");
    assertThatThrownBy(
            () ->
                UserSettings.of(
                    CATALOG,
                    OLD,
                    List.of(),
                    List.of(
                        Tone.of(SoundCategory.ASSIGNED, "pop"),
                        Tone.of(SoundCategory.ASSIGNED, "ding"))))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("duplicate sound");
  }

  @Test
  void nulls_areNamed() {
    assertThatThrownBy(() -> UserSettings.of(null, OLD, List.of(), List.of()))
        .hasMessage("catalog cannot be null");
    assertThatThrownBy(() -> Setting.of("note.added", null, Frequency.NEVER))
        .hasMessage("medium cannot be null");
  }

  @Test
  void editor_setClearAndApplyToAllChannels() {
    UserSettings s =
        UserSettings.none()
            .edit(CATALOG, OLD)
            .set(
                Setting.of(
                    "conversation.message.assigned", Channel.CHAT, Medium.IN_APP, Frequency.ALWAYS))
            .set(
                Setting.of(
                    "conversation.message.assigned", Channel.GMAIL, Medium.IN_APP, Frequency.NEVER))
            .set(
                Setting.of(
                    "conversation.message.assigned", Channel.GMAIL, Medium.EMAIL, Frequency.ALWAYS))
            .build();
    assertThat(s.chosen("conversation.message.assigned", Channel.CHAT, Medium.IN_APP))
        .contains(Frequency.ALWAYS);

    UserSettings all =
        s.edit(CATALOG, OLD)
            .applyToAllChannels(
                "conversation.message.assigned", Medium.IN_APP, Frequency.WHEN_LOGGED_OUT)
            .build();
    assertThat(all.chosen("conversation.message.assigned", Channel.CHAT, Medium.IN_APP)).isEmpty();
    assertThat(all.chosen("conversation.message.assigned", Channel.GMAIL, Medium.IN_APP)).isEmpty();
    assertThat(all.chosen("conversation.message.assigned", null, Medium.IN_APP))
        .contains(Frequency.WHEN_LOGGED_OUT);
    // Another medium's channel value is untouched.
    assertThat(all.chosen("conversation.message.assigned", Channel.GMAIL, Medium.EMAIL))
        .contains(Frequency.ALWAYS);

    UserSettings cleared =
        all.edit(CATALOG, OLD).clear("conversation.message.assigned", null, Medium.IN_APP).build();
    assertThat(cleared.chosen("conversation.message.assigned", null, Medium.IN_APP)).isEmpty();
    // The original is immutable.
    assertThat(s.chosen("conversation.message.assigned", Channel.CHAT, Medium.IN_APP))
        .contains(Frequency.ALWAYS);
  }

  @Test
  void editor_tones() {
    UserSettings s =
        UserSettings.none()
            .edit(CATALOG, OLD)
            .tone(new Tone(SoundCategory.NEW_MESSAGE, Channel.CHAT, "pop"))
            .tone(Tone.of(SoundCategory.NEW_MESSAGE, "ding"))
            .build();
    assertThat(s.chosenTone(SoundCategory.NEW_MESSAGE, Channel.CHAT)).contains("pop");
    UserSettings cleared =
        s.edit(CATALOG, OLD).clearTone(SoundCategory.NEW_MESSAGE, Channel.CHAT).build();
    assertThat(cleared.chosenTone(SoundCategory.NEW_MESSAGE, Channel.CHAT)).isEmpty();
    assertThat(cleared.chosenTone(SoundCategory.NEW_MESSAGE, null)).contains("ding");
  }

  @Test
  void equality_ignoresOrder() {
    Setting a = Setting.of("note.added", Medium.EMAIL, Frequency.ALWAYS);
    Setting b = Setting.of("note.mentioned", Medium.IN_APP, Frequency.NEVER);
    assertThat(of(OLD, a, b)).isEqualTo(of(OLD, b, a)).hasSameHashCodeAs(of(OLD, b, a));
  }

  @Test
  void frequency_parse() {
    assertThat(Frequency.parse("WHEN_LOGGED_OUT")).isEqualTo(Frequency.WHEN_LOGGED_OUT);
    assertThatThrownBy(() -> Frequency.parse("SOMETIMES"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"SOMETIMES\"");
  }

  @Test
  void restore_checksTheCatalogButNotTheTenure() {
    // A legacy option a veteran saved is restored by a store that does not know the tenure.
    List<Setting> values =
        List.of(Setting.of("customer.message.any", Medium.IN_APP, Frequency.ALWAYS));
    UserSettings restored = UserSettings.restore(Catalog.standard(), values, List.of());
    assertThat(restored.settings()).isEqualTo(values);
    assertThatThrownBy(
            () ->
                UserSettings.restore(
                    Catalog.standard(),
                    List.of(Setting.of("no.such.option", Medium.EMAIL, Frequency.NEVER)),
                    List.of()))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("settings[0].event")
        .hasMessageContaining("\"no.such.option\"");
  }
}
