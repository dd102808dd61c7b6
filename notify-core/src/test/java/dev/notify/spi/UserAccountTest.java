package dev.notify.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** An account refuses an address of the wrong shape, quoting it, and keeps a good one. */
class UserAccountTest {
  @Test
  void anAddressOfTheWrongShape_isRefused_quoted() {
    for (String bad :
        new String[] {
          "ann",
          "@example.com",
          "ann@",
          "ann@@example.com",
          "ann @example.com",
          "ann@.example.com",
          "ann@example..com",
          "<ann@example.com>"
        }) {
      assertThatThrownBy(() -> new UserAccount("u1", null, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("email must be an address such as \"ann@example.com\", got \"" + bad + "\"");
    }
  }

  @Test
  void aGoodAddress_andNone_areKept() {
    assertThat(new UserAccount("u1", LocalDate.of(2020, 1, 2), "ann@example.com").email())
        .isEqualTo("ann@example.com");
    assertThat(new UserAccount("u1", null, "ann@localhost").emailIfAny()).contains("ann@localhost");
    assertThat(new UserAccount("u1", null, null).emailIfAny()).isEmpty();
  }
}
