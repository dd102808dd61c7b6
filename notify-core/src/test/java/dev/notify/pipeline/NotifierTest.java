package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.action.AppUpdated;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.engine.Outcome;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.ManualClock;
import dev.notify.spi.Delivery;
import dev.notify.spi.InboxItem;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class NotifierTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final LocalDate OLD = LocalDate.of(2019, 4, 1);

  private final InMemoryDirectory directory =
      new InMemoryDirectory()
          .organizationCreatedOn(LocalDate.of(2019, 3, 1))
          .putUser(new UserAccount("alice", OLD, "alice@example.test"))
          .putUser(new UserAccount("bob", OLD, "bob@example.test"))
          .putUser(new UserAccount("carol", OLD, "carol@example.test"))
          .putTeam("billing", List.of("alice", "carol"))
          .putFollowers("cust-1", List.of("carol"));
  private final FixedPresence presence =
      new FixedPresence().set("alice", Presence.LOGGED_IN).set("bob", Presence.LOGGED_IN);
  private final RecordingTransport email = new RecordingTransport(Medium.EMAIL);
  private final List<Duration> sleeps = new ArrayList<>();
  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T09:00:00Z"));

  private Notifier notifier(RetryPolicy retry) {
    return Notifier.builder()
        .directory(directory)
        .presence(presence)
        .transport(email)
        .retry(retry)
        .sleeper(sleeps::add)
        .clock(clock)
        .random(RandomGenerator.of("L64X128MixRandom"))
        .build();
  }

  private final Notifier notifier =
      notifier(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)));

  @Test
  void publish_deliversInAppToTheInboxAndEmailToTheTransport() {
    PublishResult r =
        notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(r.delivered())
        .extracting(Delivery::id)
        .containsExactly("a1/carol/in_app", "a1/carol/email");
    assertThat(email.delivered()).extracting(Delivery::id).containsExactly("a1/carol/email");
    assertThat(notifier.inbox().unreadCount("carol")).isEqualTo(1);
    InboxItem item = notifier.inbox().page("carol", 0, 10).get(0);
    assertThat(item.option()).isEqualTo("conversation.assigned");
    assertThat(item.text()).isEqualTo("bob assigned conversation k1 to carol");
    assertThat(r.succeeded()).isTrue();
  }

  @Test
  void publish_sameActionTwice_deliversNothingTheSecondTime() {
    NoteAdded note =
        new NoteAdded("n1", AT, "bob", "k1", "cust-1", "alice", Set.of(), Set.of("billing"), "hi");
    PublishResult first = notifier.publish(note);
    PublishResult second = notifier.publish(note);
    assertThat(first.delivered()).isNotEmpty();
    assertThat(second.delivered()).isEmpty();
    assertThat(second.alreadyDelivered())
        .extracting(Delivery::id)
        .containsExactlyElementsOf(first.delivered().stream().map(Delivery::id).toList());
    assertThat(notifier.inbox().unreadCount("alice")).isEqualTo(1);
    assertThat(email.delivered())
        .hasSize(
            (int) first.delivered().stream().filter(d -> d.medium().equals(Medium.EMAIL)).count());
  }

  @Test
  void publish_skipsWithReasons() {
    PublishResult r =
        notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice"));
    assertThat(r.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.userId()).isEqualTo("alice");
              assertThat(s.decision().medium()).isEqualTo(Medium.EMAIL);
              assertThat(s.decision().reason().outcome()).isEqualTo(Outcome.LOGGED_IN);
            });
  }

  @Test
  void transientFailure_isRetriedWithJitteredBackoff() {
    email.failNext(TransportException.Kind.TRANSIENT, TransportException.Kind.TRANSIENT);
    PublishResult r =
        notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(r.failed()).isEmpty();
    assertThat(email.attempts())
        .containsExactly("a1/carol/email", "a1/carol/email", "a1/carol/email");
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
    assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
  }

  @Test
  void permanentAndUnknownFailures_areNotRetriedButKept() {
    email.failNext(TransportException.Kind.UNKNOWN);
    PublishResult r =
        notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(email.attempts()).hasSize(1);
    assertThat(r.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(TransportException.Kind.UNKNOWN);
              assertThat(f.attempts()).isEqualTo(1);
            });
    assertThat(notifier.deadLetters()).hasSize(1);
    // The in-app delivery of the same action is not affected.
    assertThat(r.delivered()).extracting(Delivery::id).containsExactly("a1/carol/in_app");
  }

  @Test
  void exhaustedRetries_goToDeadLettersAndRedriveDeliversThem() {
    email.failNext(
        TransportException.Kind.TRANSIENT,
        TransportException.Kind.TRANSIENT,
        TransportException.Kind.TRANSIENT);
    PublishResult r =
        notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(r.failed()).singleElement().satisfies(f -> assertThat(f.attempts()).isEqualTo(3));
    assertThat(notifier.deadLetters())
        .extracting(f -> f.delivery().id())
        .containsExactly("a1/carol/email");
    // Re-publishing does not resend: the key is claimed; the dead letter is the way back.
    assertThat(
            notifier
                .publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"))
                .delivered())
        .isEmpty();
    assertThat(notifier.redrive()).extracting(Delivery::id).containsExactly("a1/carol/email");
    assertThat(notifier.deadLetters()).isEmpty();
    assertThat(email.delivered()).extracting(Delivery::id).containsExactly("a1/carol/email");
  }

  @Test
  void oneFailingRecipient_neverBlocksTheOthers() {
    directory.putUser(new UserAccount("dave", OLD, "dave@example.test"));
    email.breakRecipient("carol");
    PublishResult r =
        notifier.publish(
            new NoteAdded("n1", AT, "bob", "k1", "cust-1", "dave", Set.of(), Set.of(), null));
    assertThat(r.failed()).extracting(f -> f.delivery().recipient().id()).containsExactly("carol");
    assertThat(email.delivered()).extracting(d -> d.recipient().id()).containsExactly("dave");
    assertThat(notifier.inbox().unreadCount("carol")).isEqualTo(1);
  }

  @Test
  void missingTransport_isADeadLetterNotASilentDrop() {
    Notifier inAppOnly = Notifier.builder().directory(directory).presence(presence).build();
    PublishResult r =
        inAppOnly.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(r.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(TransportException.Kind.PERMANENT);
              assertThat(f.message()).contains("no transport for medium email");
            });
  }

  @Test
  void everyoneOptions_reachTheWholeOrganisation() {
    PublishResult r = notifier.publish(new AppUpdated("p1", AT, "shopify"));
    assertThat(r.decisions()).extracting(d -> d.userId()).containsExactly("alice", "bob", "carol");
    assertThat(r.delivered())
        .extracting(Delivery::id)
        .containsExactly("p1/alice/in_app", "p1/bob/in_app", "p1/carol/in_app");
  }

  @Test
  void unknownReferences_areRejectedBeforeAnythingIsDelivered() {
    assertThatThrownBy(
            () ->
                notifier.publish(
                    new NoteAdded(
                        "n1",
                        AT,
                        "bob",
                        "k1",
                        "cust-1",
                        "alice",
                        Set.of("mallory"),
                        Set.of(),
                        null)))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("\"mallory\"");
    assertThatThrownBy(
            () ->
                notifier.publish(
                    new NoteAdded(
                        "n1", AT, "bob", "k1", "cust-1", "alice", Set.of(), Set.of("sales"), null)))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("\"sales\"");
    assertThatThrownBy(
            () ->
                notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "zed")))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("\"zed\"");
    assertThatThrownBy(
            () ->
                notifier.publish(
                    new MessageReceived(
                        "m1", AT, Channel.of("fax"), "cust-1", "k1", null, false, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"fax\"");
    assertThat(notifier.inbox().unreadCount("alice")).isZero();
    assertThat(email.attempts()).isEmpty();
  }

  @Test
  void inAppListener_isToldWhatToShow() {
    List<String> shown = new ArrayList<>();
    Notifier n =
        Notifier.builder()
            .directory(directory)
            .presence(presence)
            .inAppListener(
                (item, popup, sound) ->
                    shown.add(item.userId() + " popup=" + popup + " sound=" + sound))
            .build();
    n.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice"));
    assertThat(shown).containsExactly("alice popup=true sound=null");
  }

  @Test
  void inboxRetention_deletesNotificationsOlderThanSevenDaysByDefault() {
    notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    clock.advance(Duration.ofDays(3));
    notifier.publish(new ConversationAssigned("a2", AT, "bob", "k2", "cust-1", "carol"));
    notifier.inbox().markAllRead("carol");
    clock.advance(Duration.ofDays(4).plusSeconds(1));
    assertThat(notifier.applyInboxRetention()).isEqualTo(1);
    assertThat(notifier.inbox().page("carol", 0, 10))
        .extracting(InboxItem::actionId)
        .containsExactly("a2");
    assertThatThrownBy(() -> Notifier.builder().inboxRetention(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryPolicy_capsTheBackoff() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(450));
    assertThat(p.capBefore(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.capBefore(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.capBefore(4)).isEqualTo(Duration.ofMillis(450));
    assertThat(p.capBefore(60)).isEqualTo(Duration.ofMillis(450));
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("0");
  }
}
