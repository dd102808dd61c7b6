package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.NoteAdded;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryInboxStore;
import dev.notify.spi.Delivery;
import dev.notify.spi.InboxItem;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The host writes each in-app item's reason and link; what it writes is checked before writes. */
class InAppContentTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final LocalDate OLD = LocalDate.of(2019, 4, 1);

  private final InMemoryInboxStore inbox = new InMemoryInboxStore();

  private NotifierBuilder builder() {
    return Notifier.builder()
        .directory(
            new InMemoryDirectory()
                .organizationCreatedOn(OLD)
                .putUser(new UserAccount("carol", OLD, null)))
        .inbox(inbox);
  }

  private static ConversationAssigned assign(String id) {
    return new ConversationAssigned(id, AT, "bob", "k-7", "cust-1", "carol");
  }

  @Test
  void byDefault_theReasonIsExplain_andTheItemPointsNowhere() {
    builder().build().publish(assign("a1"));
    InboxItem i = inbox.find("carol", "a1/carol/in_app").orElseThrow();
    assertThat(i.reason()).startsWith("conversation.assigned is ALWAYS (");
    assertThat(i.link()).isEmpty();
  }

  @Test
  void theHostsReasonAndLink_areKeptOnTheItem() {
    builder()
        .inAppReason(d -> "You chose " + d.reason().frequency() + " for " + d.option().label())
        .inAppLink(a -> "/conversations/" + a.conversationIfAny().orElse("none"))
        .build()
        .publish(assign("a1"));
    InboxItem i = inbox.find("carol", "a1/carol/in_app").orElseThrow();
    assertThat(i.reason()).startsWith("You chose ALWAYS for ");
    assertThat(i.link()).isEqualTo("/conversations/k-7");
  }

  @Test
  void aLinkTheStoresCannotKeep_isRefusedBeforeAnythingIsWritten() {
    Function<Action, String> bad = a -> "line\u0000break";
    Notifier n = builder().inAppLink(bad).build();
    assertThatThrownBy(() -> n.publish(assign("a1")))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("inAppLink");
    assertThat(inbox.unreadCount("carol")).isZero();
    Notifier nulls = builder().inAppLink(a -> null).build();
    assertThatThrownBy(() -> nulls.publish(assign("a2")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("inAppLink's result cannot be null");
    assertThat(inbox.unreadCount("carol")).isZero();
  }

  @Test
  void eachReasonOfAFanOut_isTheEnginesExplanation_andANullHostReasonIsRefused() {
    InMemoryDirectory team = new InMemoryDirectory().organizationCreatedOn(OLD);
    for (String u : List.of("dan", "eve", "fay")) {
      team.putUser(new UserAccount(u, OLD, null));
    }
    Notifier n = Notifier.builder().directory(team).inbox(inbox).build();
    PublishResult r =
        n.publish(
            new NoteAdded(
                "n1",
                AT,
                "bob",
                "k-7",
                "cust-1",
                null,
                Set.of("dan", "eve", "fay"),
                Set.of(),
                "a note"));
    assertThat(r.inApp()).hasSize(3);
    for (Delivery d : r.inApp()) {
      // Explained once per engine reason and shared: the same words explain() gives.
      assertThat(inbox.find(d.recipient().id(), d.id()).orElseThrow().reason())
          .isEqualTo(d.reason().explain());
    }
    Notifier nulls = builder().inAppReason(d -> null).build();
    assertThatThrownBy(() -> nulls.publish(assign("a9")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("inAppReason's result cannot be null");
    assertThat(inbox.unreadCount("carol")).isZero();
  }

  @Test
  void aListenerThatFails_forOneItem_leavesEveryItemWritten_andEveryOtherOneTold() {
    InMemoryDirectory team = new InMemoryDirectory().organizationCreatedOn(OLD);
    for (String u : List.of("dan", "eve", "fay")) {
      team.putUser(new UserAccount(u, OLD, null));
    }
    List<String> told = new CopyOnWriteArrayList<>();
    Notifier n =
        Notifier.builder()
            .directory(team)
            .inbox(inbox)
            .inAppListener(
                (item, popup, sound) -> {
                  if (item.userId().equals("dan")) {
                    throw new IllegalStateException("socket closed");
                  }
                  told.add(item.userId());
                })
            .build();
    assertThatThrownBy(
            () ->
                n.publish(
                    new NoteAdded(
                        "n1",
                        AT,
                        "bob",
                        "k-7",
                        "cust-1",
                        null,
                        Set.of("dan", "eve", "fay"),
                        Set.of(),
                        "a note")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("socket closed");
    assertThat(told).containsExactlyInAnyOrder("eve", "fay");
    for (String u : List.of("dan", "eve", "fay")) {
      assertThat(inbox.unreadCount(u)).isEqualTo(1);
    }
  }
}
