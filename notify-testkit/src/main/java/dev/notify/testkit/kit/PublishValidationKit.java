package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.Limits;
import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.CustomAction;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.ActionKind;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.UserAccount;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole publish is validated before anything is written: an id or a text beyond what the stores
 * hold ({@link Limits}) is refused with the field's path, and the stores are left as they were.
 * Extend it with the stores under test.
 *
 * @since 0.3.0
 */
public abstract class PublishValidationKit extends FaultKitSupport {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");

  /** A host's own action (not a validated record) with the fields a case gives. */
  private record HostAction(String id, String assignee, Set<String> mentions, String text)
      implements Action {
    @Override
    public ActionKind kind() {
      return ActionKind.NOTE_ADDED;
    }

    @Override
    public Instant occurredAt() {
      return AT;
    }

    @Override
    public Optional<String> assigneeIfAny() {
      return Optional.of(assignee);
    }

    @Override
    public Optional<String> conversationIfAny() {
      return Optional.of("k1");
    }

    @Override
    public Optional<String> customerIfAny() {
      return Optional.of("cust-1");
    }

    @Override
    public Set<String> mentionedUsers() {
      return mentions;
    }

    @Override
    public String describe() {
      return text;
    }
  }

  private void assertNothingWritten(Notifier n) {
    OutboxCounts c = stores.outbox().counts(Instant.now());
    assertEquals(0, c.due() + c.scheduled() + c.leased() + c.done() + c.dead(), "nothing queued");
    for (int i = 0; i < AGENTS; i++) {
      assertEquals(0, stores.inbox().unreadCount("u" + i), "nothing in u" + i + "'s inbox");
    }
  }

  @Test
  void anOverWideId_isRefusedBeforeAnythingIsWritten() {
    Notifier n = notifier().build();
    String wide = "x".repeat(Limits.ID + 1);
    NotifyException e =
        assertThrows(
            NotifyException.class,
            () -> n.publish(new HostAction("h1", wide, Set.of("u1"), "a note")));
    assertEquals("assignee", e.path());
    e =
        assertThrows(
            NotifyException.class,
            () -> n.publish(new HostAction("h1", "u2", Set.of("u1", wide), "a note")));
    assertEquals("mentions", e.path());
    e =
        assertThrows(
            NotifyException.class,
            () -> n.publish(new HostAction(wide, "u2", Set.of("u1"), "a note")));
    assertEquals("id", e.path());
    e =
        assertThrows(
            NotifyException.class,
            () -> n.publish(new HostAction("h1", "u2", Set.of("u1"), "y".repeat(Limits.TEXT + 1))));
    assertEquals("describe", e.path());
    assertNothingWritten(n);
    // The id was not used up by the refused publishes (a record every store can keep).
    n.publish(
        new CustomAction(
            "h1",
            ActionKind.NOTE_ADDED,
            AT,
            "boss",
            null,
            "cust-1",
            "k1",
            "u2",
            Set.of("u1"),
            Set.of(),
            false));
    assertTrue(stores.inbox().unreadCount("u1") + stores.inbox().unreadCount("u2") > 0);
  }

  private static NoteAdded.Builder note() {
    return NoteAdded.builder("n1")
        .occurredAt(AT)
        .actor("boss")
        .conversation("k1")
        .customer("cust-1");
  }

  @Test
  void theRecordsAndAccounts_refuseWhatNoStoreHolds() {
    String huge = "k".repeat(1_100_000);
    assertThrows(
        IllegalArgumentException.class,
        () -> new ConversationAssigned("a1", AT, "boss", huge, "cust-1", "u1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new UserAccount("u".repeat(513), null, "a@example.test"));
    assertThrows(IllegalArgumentException.class, () -> new UserAccount("u1", null, "not an email"));
    assertThrows(
        IllegalArgumentException.class, () -> note().text("half a pair \uD83D here").build());
    assertThrows(
        IllegalArgumentException.class, () -> note().text("a \u202Ereversed\u202C note").build());
    assertEquals("two\nlines", note().text("two\nlines").build().text());
  }
}
