package dev.notify.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.catalog.Channel;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Builders name every part, and build what the constructors build, validated the same way. */
class ActionBuildersTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");

  @Test
  void builders_buildWhatTheConstructorsBuild() {
    assertThat(
            NoteAdded.builder("n1")
                .occurredAt(AT)
                .actor("bob")
                .conversation("k1")
                .customer("acme")
                .assignee("carol")
                .mentions("alice", "dave")
                .teamMentions("billing")
                .text("hi")
                .build())
        .isEqualTo(
            new NoteAdded(
                "n1",
                AT,
                "bob",
                "k1",
                "acme",
                "carol",
                Set.of("alice", "dave"),
                Set.of("billing"),
                "hi"));
    assertThat(
            MessageReceived.builder("m1")
                .occurredAt(AT)
                .channel(Channel.CHAT)
                .customer("acme")
                .conversation("k1")
                .newConversation(true)
                .build())
        .isEqualTo(new MessageReceived("m1", AT, Channel.CHAT, "acme", "k1", null, true, null));
    assertThat(
            ConversationTransferred.builder("t1")
                .occurredAt(AT)
                .actor("assistant")
                .conversation("k1")
                .customer("acme")
                .assignee("bob")
                .build())
        .isEqualTo(new ConversationTransferred("t1", AT, "assistant", "k1", "acme", "bob"));
    assertThat(SnoozeExpired.builder("s1").occurredAt(AT).conversation("k1").customer("c").build())
        .isEqualTo(new SnoozeExpired("s1", AT, "k1", "c", null));
    assertThat(ObjectCreated.builder("o1").occurredAt(AT).actor("a").customer("c").build())
        .isEqualTo(new ObjectCreated("o1", AT, "a", "c", null));
    assertThat(
            ObjectUpdated.builder("o2").occurredAt(AT).actor("a").customer("c").object("x").build())
        .isEqualTo(new ObjectUpdated("o2", AT, "a", "c", "x"));
    assertThat(AppUpdated.builder("u1").occurredAt(AT).app("shopify").build())
        .isEqualTo(new AppUpdated("u1", AT, "shopify"));
  }

  @Test
  void aMissingPart_isNamed() {
    assertThatThrownBy(
            () ->
                ConversationAssigned.builder("a1")
                    .occurredAt(AT)
                    .actor("bob")
                    .conversation("k1")
                    .customer("acme")
                    .build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("assignee cannot be null");
    assertThatThrownBy(() -> AppUpdated.builder("u1").app("shopify").build())
        .hasMessage("occurredAt cannot be null");
  }
}
