package dev.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Tenure;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** An unknown option, channel or medium is reported with the known values, closest first. */
class KnownValuesTest {
  private static final Tenure NEW_USER =
      new Tenure(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 1));

  @Test
  void closestFirst_thenAlphabetical_ignoringCase() {
    assertThat(Checks.known("emial", List.of("in_app", "email", "sms")))
        .isEqualTo(" (known: email, sms, in_app)");
    assertThat(Checks.known("CHAT", List.of("phone", "chat", "email")))
        .startsWith(" (known: chat, ");
  }

  @Test
  void longLists_areCut_andNothingKnownIsSaid() {
    List<String> many = IntStream.range(0, 20).mapToObj(i -> "c" + (char) ('a' + i)).toList();
    assertThat(Checks.known("ca", many)).endsWith(", … 8 more)").startsWith(" (known: ca, ");
    assertThat(Checks.known("x", List.of())).isEqualTo(" (nothing is known)");
  }

  @Test
  void distance_isLevenshtein() {
    assertThat(Checks.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Checks.distance("", "abc")).isEqualTo(3);
    assertThat(Checks.distance("same", "same")).isZero();
  }

  @Test
  void settings_nameTheClosestOption_channel_andMedium() {
    Catalog c = Catalog.standard();
    assertThatThrownBy(
            () ->
                UserSettings.of(
                    c,
                    NEW_USER,
                    List.of(
                        new Setting("conversation.asigned", null, Medium.EMAIL, Frequency.ALWAYS)),
                    List.of()))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining(
            "unknown notification option \"conversation.asigned\" (known: conversation.assigned, ");
    assertThatThrownBy(
            () ->
                UserSettings.of(
                    c,
                    NEW_USER,
                    List.of(
                        new Setting(
                            "conversation.assigned", null, Medium.of("emial"), Frequency.ALWAYS)),
                    List.of()))
        .hasMessageContaining("unknown medium \"emial\" (known: email, in_app)");
    assertThatThrownBy(() -> c.requireOption("note.mentoned"))
        .hasMessageContaining("(known: note.mentioned");
  }

  @Test
  void frequencyAndPresence_inAnyAsciiCase_butNoLookAlikes() {
    assertThat(Frequency.parse("always")).isEqualTo(Frequency.ALWAYS);
    assertThat(Frequency.parse("When_Logged_Out")).isEqualTo(Frequency.WHEN_LOGGED_OUT);
    assertThat(Presence.parse("timed_out")).isEqualTo(Presence.TIMED_OUT);
    assertThatThrownBy(() -> Frequency.parse("alway\u017f")) // long s: upper case is S
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown frequency");
    assertThatThrownBy(() -> Frequency.parse("NEVE")).isInstanceOf(IllegalArgumentException.class);
  }
}
