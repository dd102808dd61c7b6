package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Header-injection attempts in every place a header is made, each rejected with a clear error. */
class OutboundEmailTest {
  private static OutboundEmail.Builder valid() {
    return OutboundEmail.builder()
        .from(EmailAddress.of("notify@example.test"))
        .to(EmailAddress.of("alice@example.test"))
        .subject("Hello")
        .text("body");
  }

  @Test
  void subject_withLineBreaks_isRejected() {
    for (String s :
        new String[] {
          "Hi\r\nBcc: eve@evil.test",
          "Hi\nX: y",
          "Hi\rX",
          "Hi%0d%0aBcc: eve@evil.test",
          "=?UTF-8?Q?Hi=0D=0ABcc:_eve@evil.test?=",
          "Hi\u2028X",
          "Hi\u0085X",
          "Hi\u0000"
        }) {
      assertThatThrownBy(() -> valid().subject(s))
          .as(s)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("subject");
    }
  }

  @Test
  void displayName_withLineBreaks_isRejected() {
    assertThatThrownBy(() -> EmailAddress.of("alice@example.test", "Alice\r\nBcc: eve@evil.test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("displayName")
        .hasMessageContaining("\\r\\n");
    assertThatThrownBy(() -> EmailAddress.of("alice@example.test", "Alice %0ABcc: eve@evil.test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("displayName");
  }

  @Test
  void address_isParsedStrictly() {
    for (String a :
        new String[] {
          "alice@example.test\r\nBcc: eve@evil.test",
          "alice",
          "@example.test",
          "alice@",
          "a b@example.test",
          "alice@exa mple.test",
          "alice@@example.test",
          "\"alice\"@example.test",
          "alice@example..test",
          ".alice@example.test",
          "alice@-example.test",
          "Alice <alice@example.test>",
          "alice@example.test,eve@evil.test"
        }) {
      assertThatThrownBy(() -> EmailAddress.of(a))
          .as(a)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(EmailAddress.of("alice.o'hara+notify@Example.TEST").normalized())
        .isEqualTo("alice.o'hara+notify@example.test");
    assertThat(EmailAddress.of("agent@localhost").domain()).isEqualTo("localhost");
  }

  @Test
  void customHeaders_areAllowListedAndChecked() {
    assertThatThrownBy(() -> valid().header("Bcc", "eve@evil.test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"Bcc\"");
    assertThatThrownBy(() -> valid().header("X-Notify-Foo\r\nBcc", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header name");
    assertThatThrownBy(() -> valid().header("X-Notify-Foo", "x\r\nBcc: eve@evil.test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Notify-Foo");
    assertThat(
            valid()
                .header("X-Notify-Option", "note.added")
                .header("References", "<a@b>")
                .build()
                .headers())
        .containsEntry("X-Notify-Option", "note.added");
  }

  @Test
  void recipients_areCappedAtFifty() {
    OutboundEmail.Builder b = valid();
    for (int i = 0; i < 49; i++) {
      b.bcc(EmailAddress.of("u" + i + "@example.test"));
    }
    assertThat(b.build().recipients()).hasSize(50);
    assertThatThrownBy(() -> b.cc(EmailAddress.of("one-more@example.test")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 50")
        .hasMessageContaining("51");
    assertThat(b.build().recipients()).hasSize(50); // the rejected address was not kept
  }

  @Test
  void build_needsARecipientAndTheRequiredFields() {
    assertThatThrownBy(
            () ->
                OutboundEmail.builder()
                    .from(EmailAddress.of("n@example.test"))
                    .subject("s")
                    .text("t")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recipient");
    assertThatThrownBy(
            () ->
                OutboundEmail.builder()
                    .to(EmailAddress.of("a@example.test"))
                    .subject("s")
                    .text("t")
                    .build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("from cannot be null");
  }

  @Test
  void toString_neverShowsAddressesOrBody() {
    assertThat(valid().id("a1/alice/email").build().toString())
        .doesNotContain("@")
        .doesNotContain("body")
        .contains("a1/alice/email");
  }

  @Test
  void headerNames_areCaseInsensitive_oneValuePerName() {
    OutboundEmail m =
        OutboundEmail.builder()
            .id("n1")
            .from(EmailAddress.of("notify@example.test"))
            .to(EmailAddress.of("a@example.test"))
            .subject("s")
            .text("t")
            .header("Message-ID", "<first@example.test>")
            .header("message-id", "<second@example.test>")
            .build();
    assertThat(m.headers()).hasSize(1);
    assertThat(m.headers().get("Message-ID")).isEqualTo("<second@example.test>");
    assertThat(m.headers().get("MESSAGE-ID")).isEqualTo("<second@example.test>");
  }
}
