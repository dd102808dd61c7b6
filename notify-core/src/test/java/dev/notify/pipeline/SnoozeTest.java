package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryInboxStore;
import dev.notify.memory.ManualClock;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxItem;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Snoozes end through the outbox: the item comes back unread with its pop-up, once. */
class SnoozeTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final LocalDate OLD = LocalDate.of(2019, 4, 1);
  private static final String ITEM = "k-1/carol/in_app";

  private final ManualClock clock = new ManualClock(AT);
  private final InMemoryInboxStore inbox = new InMemoryInboxStore();
  private final List<String> shown = new CopyOnWriteArrayList<>();
  private final Notifier n =
      Notifier.builder()
          .directory(
              new InMemoryDirectory()
                  .organizationCreatedOn(OLD)
                  .putUser(new UserAccount("bob", OLD, "bob@example.test"))
                  .putUser(new UserAccount("carol", OLD, "carol@example.test")))
          .transport(new RecordingTransport(Medium.EMAIL))
          .inbox(inbox)
          .inAppListener((item, popup, sound) -> shown.add(item.id() + (popup ? " pops up" : "")))
          .clock(clock)
          .build();

  private void assign(String id) {
    n.publish(new ConversationAssigned(id, AT, "bob", "k", "cust-1", "carol"));
  }

  @Test
  void aSnoozedItem_comesBackUnread_withItsPopUp_whenTheSnoozeEnds() {
    assign("k-1");
    assertThat(shown).hasSize(1);
    Instant until = AT.plus(Duration.ofMinutes(10));

    assertThat(n.snooze("carol", List.of(ITEM), until)).isEqualTo(1);
    assertThat(inbox.unreadCount("carol")).isZero();
    assertThat(inbox.snoozedPage("carol", 0, 10)).extracting(InboxItem::id).containsExactly(ITEM);

    n.deliverDue(); // the email; the snooze's end is not due
    clock.advance(Duration.ofMinutes(9));
    n.deliverDue();
    assertThat(inbox.unreadCount("carol")).as("still snoozed").isZero();

    clock.advance(Duration.ofMinutes(1));
    assertThat(n.deliverDue()).isEqualTo(1);
    InboxItem back = inbox.find("carol", ITEM).orElseThrow();
    assertThat(back.read() || back.seen()).isFalse();
    assertThat(back.snoozedUntilIfAny()).isEmpty();
    assertThat(shown).hasSize(2).last().isEqualTo(ITEM + " pops up");
    // The wake-up is a delivery of its own in the history, under the snooze's action.
    String wake = "k-1~" + (until.getEpochSecond() * 1_000_000_000L) + "/carol/inbox.wake";
    assertThat(n.history().of(wake))
        .extracting(HistoryEvent::kind)
        .containsExactly(HistoryEvent.Kind.QUEUED, HistoryEvent.Kind.SENT);
    assertThat(n.deliverDue()).isZero();
    assertThat(shown).hasSize(2);
  }

  @Test
  void snoozingAgain_movesTheReturn_andTheEarlierEndWakesNothing() {
    assign("k-1");
    n.snooze("carol", List.of(ITEM), AT.plus(Duration.ofMinutes(10)));
    n.snooze("carol", List.of(ITEM), AT.plus(Duration.ofMinutes(30)));
    n.deliverDue();
    clock.advance(Duration.ofMinutes(10));
    n.deliverDue();
    assertThat(inbox.unreadCount("carol")).as("the first end is stale").isZero();
    assertThat(shown).hasSize(1);
    clock.advance(Duration.ofMinutes(20));
    n.deliverDue();
    assertThat(inbox.unreadCount("carol")).isEqualTo(1);
    assertThat(shown).hasSize(2);
  }

  @Test
  void anArchivedItem_staysArchived_whenItsSnoozeWouldHaveEnded() {
    assign("k-1");
    n.snooze("carol", List.of(ITEM), AT.plus(Duration.ofMinutes(10)));
    inbox.archive("carol", InboxFilter.ofIds(ITEM));
    clock.advance(Duration.ofMinutes(10));
    n.deliverDue();
    n.deliverDue();
    assertThat(inbox.find("carol", ITEM).orElseThrow().archived()).isTrue();
    assertThat(inbox.unreadCount("carol")).isZero();
    assertThat(shown).hasSize(1);
    assertThat(n.snooze("carol", List.of(ITEM), AT.plus(Duration.ofHours(1))))
        .as("archived: not snoozed")
        .isZero();
  }

  @Test
  void whatCannotBeSnoozed_isSkippedOrRefused() {
    assign("k-1");
    assertThat(n.snooze("bob", List.of(ITEM), AT.plusSeconds(60))).as("carol's").isZero();
    assertThat(n.snooze("carol", List.of("nope"), AT.plusSeconds(60))).isZero();
    assertThat(n.outbox().counts(AT).scheduled() + n.outbox().counts(AT).due())
        .as("the email only: nothing enqueued for them")
        .isEqualTo(1);
    assertThatThrownBy(() -> n.snooze("carol", List.of(ITEM), AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("until must be after now");
    assertThatThrownBy(() -> n.snooze("carol", List.of(), AT.plusSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("itemIds: 1 to 1000, got 0");
    inbox.append(new InboxItem("own-1", "carol", "x", "note.added", "t", AT, false));
    assertThatThrownBy(() -> n.snooze("carol", List.of("own-1"), AT.plusSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"own-1\" was not written by notify's in-app delivery");
    assertThat(inbox.find("carol", "own-1").orElseThrow().read()).isFalse();
  }
}
