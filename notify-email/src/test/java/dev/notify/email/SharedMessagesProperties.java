package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

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

  static Gen<List<EmailAddress>> recipients() {
    return Gen.ints(0, 400).map(i -> EmailAddress.of("u" + i + "@example.test")).list(0, 600);
  }

  @Test
  void noMessageHasMoreThanFiftyRecipients() {
    Property.forAll(recipients(), Gen.ints(1, 50))
        .named("no message has more than 50 recipients, nobody lost or doubled")
        .tries(300)
        .check(p -> check(p.first(), p.second()));
  }

  private static void check(List<EmailAddress> to, int perMessage) {
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
