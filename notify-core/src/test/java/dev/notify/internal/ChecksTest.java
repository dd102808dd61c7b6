package dev.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChecksTest {
  /** The id grammar the hand-written check implements. */
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*");

  @Test
  void isId_agreesWithTheGrammar_onManyStrings() {
    Random random = new Random(20261129);
    String alphabet = "ab_9.-Z /%";
    for (int n = 0; n < 200_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(8);
      for (int i = 0; i < len; i++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = b.toString();
      assertThat(Checks.isId(s)).as("%s", s).isEqualTo(ID.matcher(s).matches());
    }
  }

  @Test
  void text_refusesBlankAndControlCharacters_andAcceptsTheRest() {
    assertThat(Checks.text("alice", "id")).isEqualTo("alice");
    assertThat(Checks.text("é ü 😀", "id")).isEqualTo("é ü 😀");
    assertThatThrownBy(() -> Checks.text("   ", "id")).hasMessageContaining("blank");
    assertThatThrownBy(() -> Checks.text("\u2003", "id")).hasMessageContaining("blank");
    assertThatThrownBy(() -> Checks.text("a\u0000b", "id")).hasMessageContaining("control");
    assertThatThrownBy(() -> Checks.text("a\u0085", "id")).hasMessageContaining("control");
    assertThatThrownBy(() -> Checks.text(null, "id")).hasMessage("id cannot be null");
  }

  @Test
  void text_refusesSeparatorsBidiControlsAndLoneSurrogates() {
    for (String bad :
        new String[] {
          "a\u2028b", "a\u2029b", "evil\u202Egnp.exe", "a\u2066b", "a\u2069", "x\uD83D", "\uDE00x"
        }) {
      assertThatThrownBy(() -> Checks.text(bad, "id"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("id must not contain");
    }
    assertThat(Checks.text("ok \uD83D\uDE00", "id")).isEqualTo("ok \uD83D\uDE00");
  }
}
