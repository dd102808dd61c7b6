package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.Limits;
import dev.notify.NotifyException;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.CustomAction;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.ActionKind;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.UserAccount;
import java.time.Instant;
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

  private static CustomAction note(String id, String assignee, Set<String> mentions) {
    return new CustomAction(
        id,
        ActionKind.NOTE_ADDED,
        AT,
        "boss",
        null,
        "cust-1",
        "k1",
        assignee,
        mentions,
        Set.of(),
        false);
  }

  private void assertNothingWritten(Notifier n) {
    OutboxCounts c = stores.outbox().counts(Instant.now());
    assertEquals(0, c.due() + c.scheduled() + c.leased() + c.done() + c.dead(), "nothing queued");
    for (int i = 0; i < AGENTS; i++) {
      assertEquals(0, stores.inbox().unreadCount("u" + i), "nothing in u" + i + "'s inbox");
    }
  }

  @Test
  void anOverWideId_isRefusedWhereTheActionIsBuilt_andNothingIsWritten() {
    Notifier n = notifier().build();
    String wide = "x".repeat(Limits.ID + 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> note("h1", wide, Set.of("u1")));
    assertTrue(
        String.valueOf(e.getMessage()).startsWith("assignee must be at most"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> note("h1", "u2", Set.of("u1", wide)));
    assertTrue(String.valueOf(e.getMessage()).startsWith("mentions"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> note(wide, "u2", Set.of("u1")));
    assertTrue(String.valueOf(e.getMessage()).startsWith("id must be at most"), e.getMessage());
    NotifyException unknown =
        assertThrows(NotifyException.class, () -> n.publish(note("h1", "nobody", Set.of("u1"))));
    assertEquals("assignee", unknown.path());
    assertNothingWritten(n);
    // The id was not used up by the refused publish.
    n.publish(note("h1", "u2", Set.of("u1")));
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
