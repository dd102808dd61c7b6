package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * No input of any size yields a message with more than 50 recipients, and nobody is lost or
 * doubled.
 */
class SharedMessagesProperties {
  private static final OutboundEmail TEMPLATE =
      OutboundEmail.builder()
          .id("n1")
          .from(EmailAddress.of("notify@example.test"))
          .to(EmailAddress.of("placeholder@example.test"))
          .subject("s")
          .text("t")
          .header("X-Notify-Option", "note.added")
          .build();

  @Provide
  Arbitrary<List<EmailAddress>> recipients() {
    return Arbitraries.integers()
        .between(0, 400)
        .map(i -> EmailAddress.of("u" + i + "@example.test"))
        .list()
        .ofMaxSize(600);
  }

  @Property(tries = 300)
  void noMessageHasMoreThanFiftyRecipients(
      @ForAll("recipients") List<EmailAddress> to,
      @ForAll @IntRange(min = 1, max = 50) int perMessage) {
    List<OutboundEmail> messages = SharedMessages.chunk(TEMPLATE, to, perMessage);
    List<String> reached = new ArrayList<>();
    for (OutboundEmail m : messages) {
      assertThat(m.recipients())
          .hasSizeBetween(1, Math.min(perMessage, OutboundEmail.MAX_RECIPIENTS));
      assertThat(m.to()).isEmpty();
      assertThat(m.cc()).isEmpty();
      m.bcc().forEach(a -> reached.add(a.normalized()));
    }
    Set<String> unique = new LinkedHashSet<>();
    to.forEach(a -> unique.add(a.normalized()));
    assertThat(reached).containsExactlyElementsOf(unique);
  }
}
