package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StandardEmailRendererCutTest {
  @Test
  void cut_neverSplitsASurrogatePair() {
    String s = "x".repeat(199) + "\uD83D\uDE00" + "tail"; // an emoji across the 200th unit
    assertThat(StandardEmailRenderer.cut(s, 200)).isEqualTo("x".repeat(199));
    assertThat(StandardEmailRenderer.cut("abc", 2)).isEqualTo("ab");
    String whole = "x".repeat(198) + "\uD83D\uDE00";
    assertThat(StandardEmailRenderer.cut(whole + "y", 200)).isEqualTo(whole);
  }
}
