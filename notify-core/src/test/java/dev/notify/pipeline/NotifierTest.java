package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.action.AppUpdated;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.ConversationTransferred;
import dev.notify.action.CustomAction;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Outcome;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDigestBook;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryOutbox;
import dev.notify.memory.ManualClock;
import dev.notify.settings.Setting;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetterFilter;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxItem;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.testing.DelegatingOutbox;
import dev.notify.testing.RecordingTransport;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.QuietWindow;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.UserTiming;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T09:00:00Z"));

  private Notifier notifier(RetryPolicy retry) {
    return builder(retry).build();
  }

  private NotifierBuilder builder(RetryPolicy retry) {
    return Notifier.builder()
        .directory(directory)
        .presence(presence)
        .transport(email)
        .retry(retry)
        .clock(clock)
        .random(RandomGenerator.of("L64X128MixRandom"));
  }

  private final Notifier notifier =
      notifier(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)));

  private static List<String> ids(List<Delivery> deliveries) {
    return deliveries.stream().map(Delivery::id).toList();
  }

  @Test
  void withoutDigest_theBookIsAskedOnlyAboutEmailsClaimedBefore_whichAnEarlierClaimMayHavePlaced() {
    InMemoryDigestBook book = new InMemoryDigestBook();
    List<String> asked = new ArrayList<>();
    DigestBook recording =
        (DigestBook)
            Proxy.newProxyInstance(
                DigestBook.class.getClassLoader(),
                new Class<?>[] {DigestBook.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("placeAll")) {
                    for (Object r : (List<?>) args[0]) {
                      asked.add(((DigestBook.Request) r).delivery().id());
                    }
                  } else if (method.getName().equals("place")) {
                    asked.add(((DigestBook.Request) args[0]).delivery().id());
                  }
                  try {
                    return method.invoke(book, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    InMemoryOutbox outbox = new InMemoryOutbox();
    Notifier n = builder(RetryPolicy.NONE).outbox(outbox).digests(recording).build();
    n.publish(new ConversationAssigned("c1", AT, "bob", "k1", "cust-1", "carol"));
    n.publish(new ConversationAssigned("c2", AT, "bob", "k2", "cust-1", "carol"));
    // A worker claims c1's email and dies: its lease runs out, and the next claim is not its first.
    assertThat(outbox.claim("crashed", 1, clock.instant(), Duration.ofSeconds(30)))
        .singleElement()
        .satisfies(c -> assertThat(c.id()).isEqualTo("c1/carol/email"));
    clock.advance(Duration.ofMinutes(1));
    assertThat(n.deliverDue()).isEqualTo(2);
    assertThat(ids(email.delivered())).containsExactly("c1/carol/email", "c2/carol/email");
    assertThat(asked)
        .as("c2 was never claimed before: placed nowhere")
        .containsExactly("c1/carol/email");
  }

  @Test
  void oneDeliveryPerActionUserAndMedium_aRepublishAddsOnlyWhatIsDecidedNow() {
    Notifier n = notifier(RetryPolicy.NONE);
    n.editSettings(
        "carol", e -> e.set(Setting.of("conversation.assigned", Medium.EMAIL, Frequency.NEVER)));
    ConversationAssigned a = new ConversationAssigned("rp1", AT, "bob", "k1", "cust-1", "carol");
    PublishResult first = n.publish(a);
    assertThat(ids(first.inApp())).containsExactly("rp1/carol/in_app");
    assertThat(first.enqueued()).isEmpty();
    // carol turns assignment email on; the host publishes the same action again.
    n.editSettings(
        "carol", e -> e.set(Setting.of("conversation.assigned", Medium.EMAIL, Frequency.ALWAYS)));
    PublishResult second = n.publish(a);
    assertThat(ids(second.enqueued())).containsExactly("rp1/carol/email");
    assertThat(second.inApp()).as("in-app made once").isEmpty();
    assertThat(ids(second.duplicates())).containsExactly("rp1/carol/in_app");
    PublishResult third = n.publish(a);
    assertThat(third.made()).as("nothing twice").isEmpty();
    assertThat(n.inbox().unreadCount("carol")).isEqualTo(1);
    assertThat(n.deliverDue()).isEqualTo(1);
    assertThat(ids(email.delivered())).containsExactly("rp1/carol/email");
  }

  @Test
  void publish_writesInAppAtOnce_andQueuesEmailForTheWorkers() {
    PublishResult r =
        notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(ids(r.inApp())).containsExactly("a1/carol/in_app");
    assertThat(ids(r.enqueued())).containsExactly("a1/carol/email");
    assertThat(email.attempts()).as("publish never calls an external transport").isEmpty();
    assertThat(notifier.inbox().unreadCount("carol")).isEqualTo(1);
    InboxItem item = notifier.inbox().page("carol", 0, 10).get(0);
    assertThat(item.option()).isEqualTo("conversation.assigned");
    assertThat(item.text()).isEqualTo("bob assigned conversation k1 to carol");

    assertThat(notifier.deliverDue()).isEqualTo(1);
    assertThat(ids(email.delivered())).containsExactly("a1/carol/email");
    assertThat(notifier.deliverDue()).isZero();
    DeliveryStats stats = notifier.stats();
    assertThat(stats.enqueued()).isEqualTo(1);
    assertThat(stats.inApp()).isEqualTo(1);
    assertThat(stats.delivered()).isEqualTo(1);
    assertThat(stats.outbox().done()).isEqualTo(1);
    assertThat(stats.outbox().due()).isZero();
  }

  @Test
  void publish_sameActionTwice_addsNothingTheSecondTime() {
    NoteAdded note =
        new NoteAdded("n1", AT, "bob", "k1", "cust-1", "alice", Set.of(), Set.of("billing"), "hi");
    PublishResult first = notifier.publish(note);
    notifier.deliverDue();
    PublishResult second = notifier.publish(note);
    assertThat(first.made()).isNotEmpty();
    assertThat(second.made()).isEmpty();
    assertThat(ids(second.duplicates())).containsExactlyInAnyOrderElementsOf(ids(first.made()));
    notifier.deliverDue();
    assertThat(notifier.inbox().unreadCount("alice")).isEqualTo(1);
    assertThat(ids(email.delivered())).containsExactlyInAnyOrderElementsOf(ids(first.enqueued()));
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
  void transientFailure_isRescheduledWithJitteredBackoff_noThreadSleeps() {
    email.failNext(TransportException.Kind.TRANSIENT, TransportException.Kind.TRANSIENT);
    notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(notifier.deliverDue()).isEqualTo(1);
    assertThat(email.attempts()).hasSize(1);
    assertThat(notifier.stats().outbox().scheduled()).isEqualTo(1);
    // The first retry is due within 100 ms (its cap), the second within 200 ms more.
    clock.advance(Duration.ofMillis(100));
    assertThat(notifier.deliverDue()).isEqualTo(1);
    assertThat(email.attempts()).hasSize(2);
    clock.advance(Duration.ofMillis(200));
    assertThat(notifier.deliverDue()).isEqualTo(1);
    assertThat(email.attempts())
        .containsExactly("a1/carol/email", "a1/carol/email", "a1/carol/email");
    assertThat(ids(email.delivered())).containsExactly("a1/carol/email");
    assertThat(notifier.stats().retried()).isEqualTo(2);
  }

  @Test
  void unknownOutcome_isADeadLetter_notResentUnlessAnOperatorRedrivesIt() {
    email.failNext(TransportException.Kind.UNKNOWN);
    notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    notifier.deliverDue();
    assertThat(email.attempts()).hasSize(1);
    assertThat(notifier.deadLetters(0, 10))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(TransportException.Kind.UNKNOWN);
              assertThat(f.attempts()).isEqualTo(1);
            });
    assertThat(notifier.redriveAll())
        .as("UNKNOWN may have been sent: not redriven in bulk")
        .isZero();
    DeadLetterFilter unknown = DeadLetterFilter.ALL.kinds(TransportException.Kind.UNKNOWN);
    assertThat(notifier.deadLetters(unknown.medium("in_app"), null, 10)).isEmpty();
    assertThat(notifier.deadLetters(unknown.medium("email"), null, 10)).hasSize(1);
    assertThat(notifier.redrive(unknown.medium("email")))
        .as("an operator's filter may name UNKNOWN")
        .isEqualTo(1);
    assertThat(notifier.redrive("a1/carol/email")).as("redriven already").isFalse();
    notifier.deliverDue();
    assertThat(ids(email.delivered())).containsExactly("a1/carol/email");
  }

  @Test
  void exhaustedRetries_becomeADeadLetter_andRedriveDeliversItOnce() {
    email.failNext(
        TransportException.Kind.TRANSIENT,
        TransportException.Kind.TRANSIENT,
        TransportException.Kind.TRANSIENT);
    notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    for (int i = 0; i < 3; i++) {
      notifier.deliverDue();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(notifier.deadLetters(0, 10))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo("a1/carol/email");
              assertThat(f.attempts()).isEqualTo(3);
              assertThat(f.message()).contains("gave up after 3 attempts");
            });
    // Publishing again queues nothing: the dead letter is the way back, once.
    assertThat(
            notifier
                .publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"))
                .enqueued())
        .isEmpty();
    assertThat(notifier.redriveAll()).isEqualTo(1);
    assertThat(notifier.redriveAll()).isZero();
    notifier.deliverDue();
    assertThat(notifier.deadLetters(0, 10)).isEmpty();
    assertThat(ids(email.delivered())).containsExactly("a1/carol/email");
    // The history says all of it, in order, from the decision to the arrival.
    List<HistoryEvent> history = notifier.history().of("a1/carol/email");
    assertThat(history)
        .extracting(HistoryEvent::kind)
        .containsExactly(
            HistoryEvent.Kind.QUEUED,
            HistoryEvent.Kind.ATTEMPT_FAILED,
            HistoryEvent.Kind.ATTEMPT_FAILED,
            HistoryEvent.Kind.DEAD_LETTER,
            HistoryEvent.Kind.REDRIVEN,
            HistoryEvent.Kind.SENT);
    assertThat(history.get(0).explain())
        .startsWith("queued, due ")
        .endsWith(": conversation.assigned is WHEN_LOGGED_OUT (default table standard-1)");
    assertThat(history.get(3).explain()).contains("gave up after 3 attempts");
    assertThat(notifier.history().ofUser("carol", null, 1))
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(HistoryEvent.Kind.SENT));
  }

  @Test
  void oneFailingRecipient_neverBlocksTheOthers() {
    directory.putUser(new UserAccount("dave", OLD, "dave@example.test"));
    email.breakRecipient("carol");
    notifier.publish(
        new NoteAdded("n1", AT, "bob", "k1", "cust-1", "dave", Set.of(), Set.of(), null));
    notifier.deliverDue();
    assertThat(notifier.deadLetters(0, 10))
        .extracting(f -> f.entry().delivery().recipient().id())
        .containsExactly("carol");
    assertThat(email.delivered()).extracting(d -> d.recipient().id()).containsExactly("dave");
    assertThat(notifier.inbox().unreadCount("carol")).isEqualTo(1);
  }

  @Test
  void aMediumWithoutTransport_isNotOffered_notDecided_notQueued_noDeadLetter() {
    Notifier inAppOnly = Notifier.builder().directory(directory).presence(presence).build();
    PublishResult r =
        inAppOnly.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    MediumDecision email =
        r.decisions().stream()
            .filter(d -> d.userId().equals("carol"))
            .findFirst()
            .orElseThrow()
            .forMedium(Medium.EMAIL)
            .orElseThrow();
    assertThat(email.reason().outcome()).isEqualTo(Outcome.NOT_OFFERED);
    assertThat(email.reason().explain()).contains("does not offer");
    assertThat(ids(r.inApp())).containsExactly("a1/carol/in_app");
    assertThat(r.enqueued()).isEmpty();
    assertThat(inAppOnly.stats().outbox().due()).isZero();
    assertThat(inAppOnly.deadLetters(0, 10)).isEmpty();
  }

  /**
   * Three emails to carol delivered in one pass by a transport that takes {@code perSend} each;
   * returns the ids of each completion call the runner made.
   */
  private List<List<String>> completionsOfThreeEmails(Duration perSend) {
    List<List<String>> calls = new ArrayList<>();
    Outbox counting =
        new DelegatingOutbox(new InMemoryOutbox()) {

          @Override
          public Set<String> completeAll(String workerId, Collection<String> ids, Instant now) {
            calls.add(List.copyOf(ids));
            return super.completeAll(workerId, ids, now);
          }
        };
    Transport slow =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            clock.advance(perSend);
          }
        };
    Notifier n =
        Notifier.builder()
            .directory(directory)
            .presence(presence)
            .outbox(counting)
            .transport(slow)
            .clock(clock)
            .build();
    for (int i = 1; i <= 3; i++) {
      n.publish(new ConversationAssigned("a" + i, AT, "bob", "k" + i, "cust-1", "carol"));
    }
    assertThat(n.deliverDue()).isEqualTo(3);
    assertThat(n.stats().delivered()).isEqualTo(3);
    assertThat(n.stats().outbox().done()).isEqualTo(3);
    return calls;
  }

  @Test
  void aBatch_isCompletedInOneCall() {
    assertThat(completionsOfThreeEmails(Duration.ofMillis(10)))
        .containsExactly(List.of("a1/carol/email", "a2/carol/email", "a3/carol/email"));
  }

  @Test
  void aSlowBatch_completesWhatWasSent_withinASecond() {
    // What a crash would send again is bounded by time, not by the batch size.
    assertThat(completionsOfThreeEmails(Duration.ofSeconds(1)))
        .containsExactly(List.of("a1/carol/email", "a2/carol/email"), List.of("a3/carol/email"));
  }

  @Test
  void theHost_choosesTheMediaItOffers() {
    Notifier inAppOnly =
        builder(RetryPolicy.ofDefaults()).offeredMedia(Set.of()).build(); // email transport idle
    PublishResult r =
        inAppOnly.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(r.enqueued()).isEmpty();
    assertThat(r.skipped())
        .extracting(s -> s.decision().reason().outcome())
        .contains(Outcome.NOT_OFFERED);
    assertThatThrownBy(
            () ->
                Notifier.builder().directory(directory).offeredMedia(Set.of(Medium.EMAIL)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("medium \"email\" is offered but has no transport");
  }

  @Test
  void aReusedActionId_forAnotherAction_failsNamingBoth_andTheSameActionAgainIsANoOp() {
    notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThatThrownBy(
            () ->
                notifier.publish(
                    new ConversationAssigned("a1", AT, "bob", "k2", "cust-1", "alice")))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("id: action id \"a1\" was already used for another action")
        .hasMessageContaining("conversation k1")
        .hasMessageContaining("conversation k2");
    assertThatThrownBy(() -> notifier.publish(new AppUpdated("a1", AT, "shopify")))
        .hasMessageContaining("app.updated");
    PublishResult again =
        notifier.publish(
            new ConversationAssigned("a1", AT.plusSeconds(30), "bob", "k1", "cust-1", "carol"));
    assertThat(again.made()).as("a retry, even built anew, changes nothing").isEmpty();
    assertThat(notifier.inbox().unreadCount("alice")).as("nothing of the refused one").isZero();
  }

  @Test
  void quietHours_holdEmailUntilTheyEnd_andAnUrgentOptionPasses() {
    // 09:00 UTC is 11:00 in Paris: carol is quiet on Wednesdays from 10:00 to 12:00.
    QuietHours quiet =
        QuietHours.of(
            ZoneId.of("Europe/Paris"),
            List.of(
                new QuietWindow(
                    Set.of(DayOfWeek.WEDNESDAY), LocalTime.of(10, 0), LocalTime.of(12, 0))));
    Notifier n =
        builder(RetryPolicy.ofDefaults())
            .timings(user -> new UserTiming(quiet, Duration.ofMinutes(10), null))
            .urgent(Set.of("note.mentioned"))
            .build();
    PublishResult held =
        n.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(held.held())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.delivery().id()).isEqualTo("a1/carol/email");
              assertThat(h.due()).isEqualTo(AT.plus(Duration.ofHours(1)));
              assertThat(h.why()).isEqualTo("held by quiet hours until Wed 12:00 Europe/Paris");
            });
    PublishResult urgentOne =
        n.publish(
            new NoteAdded("n1", AT, "bob", "k1", "cust-1", null, Set.of("carol"), Set.of(), null));
    assertThat(urgentOne.held()).isEmpty();
    assertThat(n.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol")).held())
        .as("a republish holds nothing new")
        .isEmpty();
    assertThat(n.deliverDue()).isEqualTo(1);
    assertThat(ids(email.delivered())).containsExactly("n1/carol/email");
    clock.advance(Duration.ofMinutes(59));
    assertThat(n.deliverDue()).as("still quiet at 11:59 in Paris").isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(n.deliverDue()).isEqualTo(1);
    assertThat(ids(email.delivered())).containsExactly("n1/carol/email", "a1/carol/email");
  }

  @Test
  void ifUnread_waitsForTheDelay_andIsNotSentWhenTheInAppOneWasRead() {
    Notifier n =
        builder(RetryPolicy.ofDefaults())
            .timings(user -> new UserTiming(QuietHours.NONE, Duration.ofMinutes(5), null))
            .build();
    n.editSettings(
        "carol",
        e -> e.set(Setting.of("conversation.assigned", Medium.EMAIL, Frequency.IF_UNREAD)));
    PublishResult waits =
        n.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    assertThat(waits.held())
        .extracting(PublishResult.Held::why)
        .containsExactly("sent only if still unread after 5 min");
    n.publish(new ConversationAssigned("a2", AT, "bob", "k2", "cust-1", "carol"));
    assertThat(n.deliverDue()).as("both wait five minutes").isZero();
    n.inbox().markRead("carol", Delivery.idOf("a1", "carol", Medium.IN_APP));
    clock.advance(Duration.ofMinutes(5));
    assertThat(n.deliverDue()).isEqualTo(2);
    assertThat(ids(email.delivered())).as("a1 was read in time").containsExactly("a2/carol/email");
    assertThat(n.stats().readInTime()).isEqualTo(1);
    assertThat(n.stats().outbox().done()).isEqualTo(2);

    // Without the in-app notification, IF_UNREAD is sent at once.
    n.editSettings(
        "carol", e -> e.set(Setting.of("conversation.assigned", Medium.IN_APP, Frequency.NEVER)));
    n.publish(new ConversationAssigned("a3", AT, "bob", "k3", "cust-1", "carol"));
    assertThat(n.deliverDue()).isEqualTo(1);
    assertThat(ids(email.delivered())).contains("a3/carol/email");
  }

  @Test
  void aDigest_combinesTheEmailsOfItsWindow_andAFailedAttemptSendsTheSameDigestAgain() {
    List<Digest> digests = new CopyOnWriteArrayList<>();
    AtomicInteger failures = new AtomicInteger(1);
    Transport combining =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            email.deliver(d);
          }

          @Override
          public void deliverDigest(Digest d) {
            if (failures.getAndDecrement() > 0) {
              throw new TransportException(TransportException.Kind.TRANSIENT, "smtp down");
            }
            digests.add(d);
          }
        };
    DigestPolicy policy = new DigestPolicy(Duration.ofMinutes(15), 3, false);
    InMemoryDigestBook book = new InMemoryDigestBook();
    Events digestEvents = new Events();
    Notifier n =
        builder(new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(1)))
            .transport(combining)
            .digests(book)
            .observer(digestEvents)
            .timings(u -> new UserTiming(QuietHours.NONE, Duration.ofMinutes(10), policy))
            .urgent(Set.of("note.mentioned"))
            .build();
    n.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    n.publish(
        new NoteAdded("n1", AT, "bob", "k1", "cust-1", null, Set.of("carol"), Set.of(), null));
    assertThat(n.deliverDue()).isEqualTo(2);
    assertThat(ids(email.delivered()))
        .as("urgent: never digested")
        .containsExactly("n1/carol/email");
    clock.advance(Duration.ofMinutes(5));
    n.publish(new ConversationAssigned("a2", AT, "bob", "k2", "cust-1", "carol"));
    n.deliverDue();
    clock.advance(Duration.ofMinutes(5));
    n.publish(new ConversationAssigned("a3", AT, "bob", "k3", "cust-1", "carol"));
    n.deliverDue(); // a3 fills the window: it sends at once, and the first attempt fails
    assertThat(digests).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    n.deliverDue();
    assertThat(digests)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).isEqualTo("digest:a1/carol/email");
              assertThat(ids(d.deliveries()))
                  .containsExactly("a1/carol/email", "a2/carol/email", "a3/carol/email");
            });
    n.deliverDue(); // a1 waited for the window's end; a3 made it due now: it hands itself over
    assertThat(n.stats().digested()).as("all three, the sender too").isEqualTo(3);
    assertThat(n.stats().outbox().scheduled()).as("nothing waits for the window's end").isZero();
    clock.advance(Duration.ofMinutes(10));
    n.deliverDue();
    n.publish(new ConversationAssigned("a4", AT, "bob", "k4", "cust-1", "carol"));
    n.deliverDue();
    clock.advance(Duration.ofMinutes(15));
    n.deliverDue();
    assertThat(digests).hasSize(2);
    assertThat(ids(digests.get(1).deliveries())).containsExactly("a4/carol/email");
    assertThat(ids(email.delivered())).containsExactly("n1/carol/email");
    DeliveryStats stats = n.stats();
    assertThat(stats.digests()).isEqualTo(2);
    assertThat(stats.digested()).as("a1, a2, a3 and a4: every member of both digests").isEqualTo(4);
    assertThat(stats.retried()).isEqualTo(1);
    assertThat(stats.outbox().done()).isEqualTo(5);
    assertThat(stats.outbox().scheduled() + stats.outbox().due()).isZero();
    assertThat(digestEvents.lines)
        .containsExactly(
            "sent n1/carol/email",
            "retried a3/carol/email after attempt 1: digest of 3: smtp down",
            "digest digest:a1/carol/email of 3",
            "digest digest:a4/carol/email of 1");
    assertThat(book.forget(clock.instant().plusSeconds(1)))
        .as("both windows went out: marked sent")
        .isEqualTo(2);
  }

  @Test
  void aThrottle_sendsItsMax_andTheRestAsOneDigestWhenItsWindowEnds_tellingTheObserver() {
    List<Digest> digests = new CopyOnWriteArrayList<>();
    Transport combining =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            email.deliver(d);
          }

          @Override
          public void deliverDigest(Digest d) {
            digests.add(d);
          }
        };
    Events events = new Events();
    Notifier n =
        builder(new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(1)))
            .transport(combining)
            .observer(events)
            .timings(u -> UserTiming.DEFAULT.withThrottle(new Throttle(2, Duration.ofMinutes(60))))
            .urgent(Set.of("note.mentioned"))
            .build();
    for (int i = 1; i <= 4; i++) {
      n.publish(new ConversationAssigned("a" + i, AT, "bob", "k" + i, "cust-1", "carol"));
      n.deliverDue();
      clock.advance(Duration.ofMinutes(1));
    }
    n.publish(
        new NoteAdded("n1", AT, "bob", "k1", "cust-1", null, Set.of("carol"), Set.of(), null));
    n.deliverDue();
    assertThat(ids(email.delivered()))
        .as("two in the hour, and the urgent mention")
        .containsExactly("a1/carol/email", "a2/carol/email", "n1/carol/email");
    assertThat(digests).isEmpty();
    clock.advance(Duration.ofMinutes(56)); // the window opened by a1 ends
    n.deliverDue();
    assertThat(digests)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.throttled()).isTrue();
              assertThat(d.id()).isEqualTo("throttle:a3/carol/email");
              assertThat(ids(d.deliveries())).containsExactly("a3/carol/email", "a4/carol/email");
            });
    assertThat(events.lines)
        .contains(
            "throttled a3/carol/email",
            "throttled a4/carol/email",
            "digest throttle:a3/carol/email of 2");
    assertThat(n.stats().outbox().scheduled() + n.stats().outbox().due()).isZero();
  }

  /** An observer that writes each event as a line, and then fails (which must change nothing). */
  private static final class Events implements DeliveryObserver {
    final List<String> lines = new CopyOnWriteArrayList<>();

    private void add(String line) {
      lines.add(line);
      throw new IllegalStateException("the host's observer fails");
    }

    @Override
    public void sent(Delivery d) {
      add("sent " + d.id());
    }

    @Override
    public void digestSent(Digest d) {
      add("digest " + d.id() + " of " + d.size());
    }

    @Override
    public void readInTime(Delivery d) {
      add("read in time " + d.id());
    }

    @Override
    public void throttled(Delivery d) {
      add("throttled " + d.id());
    }

    @Override
    public void retried(Delivery d, int attempt, Instant next, String error) {
      add("retried " + d.id() + " after attempt " + attempt + ": " + error);
    }

    @Override
    public void deadLettered(
        Delivery d, TransportException.Kind kind, String message, int attempts) {
      add("dead " + d.id() + " " + kind + " after " + attempts + ": " + message);
    }
  }

  @Test
  void theObserver_isToldEachOutcomeOnce_andItsFailuresChangeNothing() {
    Events events = new Events();
    Notifier n =
        builder(new RetryPolicy(2, Duration.ofMinutes(1), Duration.ofMinutes(1)))
            .timings(user -> new UserTiming(QuietHours.NONE, Duration.ofMinutes(5), null))
            .observer(events)
            .build();
    n.editSettings(
        "carol",
        e ->
            e.set(Setting.of("conversation.transferred", Medium.EMAIL, Frequency.IF_UNREAD))
                .set(Setting.of("conversation.transferred", Medium.IN_APP, Frequency.ALWAYS)));
    n.publish(new ConversationTransferred("t1", AT, "bot", "k1", "cust-1", "carol"));
    n.inbox().markRead("carol", Delivery.idOf("t1", "carol", Medium.IN_APP));
    email.failNext(TransportException.Kind.TRANSIENT, TransportException.Kind.TRANSIENT);
    n.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    n.deliverDue(); // a1 fails: tried again in a minute
    clock.advance(Duration.ofMinutes(1));
    n.deliverDue(); // a1 fails again: the second and last attempt
    n.publish(new ConversationAssigned("a2", AT, "bob", "k2", "cust-1", "carol"));
    clock.advance(Duration.ofMinutes(5));
    n.deliverDue(); // a2 goes; t1 was read in time
    assertThat(events.lines)
        .containsExactly(
            "retried a1/carol/email after attempt 1: scripted TRANSIENT failure",
            "dead a1/carol/email TRANSIENT after 2: gave up after 2 attempts: scripted TRANSIENT"
                + " failure",
            "sent a2/carol/email",
            "read in time t1/carol/email");
    assertThat(ids(email.delivered())).containsExactly("a2/carol/email");
    assertThat(n.stats().readInTime()).isEqualTo(1);
    assertThat(n.stats().outbox().done()).isEqualTo(2);
  }

  @Test
  void anOutboxThatFails_failsThePublish_andPublishingAgainDeliversOnce() {
    // Regression: 0.1.0 dead-lettered the deliveries unclaimed when its delivery log failed, and
    // a redrive plus a re-publish then sent two emails for one delivery.
    InMemoryOutbox real = new InMemoryOutbox();
    AtomicBoolean down = new AtomicBoolean(true);
    Outbox flaky =
        new DelegatingOutbox(real) {
          @Override
          public boolean[] enqueue(List<OutboxEntry> entries) {
            if (down.get()) {
              throw new IllegalStateException("database is down");
            }
            return super.enqueue(entries);
          }
        };
    Notifier n = builder(RetryPolicy.ofDefaults()).outbox(flaky).build();
    ConversationAssigned a = new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol");
    assertThatThrownBy(() -> n.publish(a)).hasMessageContaining("database is down");
    assertThat(n.redriveAll()).isZero();
    down.set(false);
    assertThat(ids(n.publish(a).enqueued())).containsExactly("a1/carol/email");
    n.deliverDue();
    assertThat(n.redriveAll()).isZero();
    assertThat(ids(n.publish(a).enqueued())).isEmpty();
    n.deliverDue();
    assertThat(ids(email.delivered())).containsExactly("a1/carol/email");
  }

  @Test
  void anErrorFromATransport_isAnOutcome_notALoss() {
    Transport failingOnce =
        new Transport() {
          final AtomicInteger calls = new AtomicInteger();

          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery delivery) {
            if (calls.getAndIncrement() == 0) {
              throw new StackOverflowError("a broken transport");
            }
            email.deliver(delivery);
          }
        };
    Notifier n =
        builder(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)))
            .transport(failingOnce)
            .build();
    n.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    n.deliverDue();
    assertThat(email.delivered()).isEmpty();
    assertThat(n.stats().outbox().scheduled()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    n.deliverDue();
    assertThat(ids(email.delivered())).containsExactly("a1/carol/email");
  }

  @Test
  @Timeout(120) // a hang guard only: generous for a loaded machine
  void aHungTransport_costsOneAttempt_notAWorker() {
    CountDownLatch never = new CountDownLatch(1);
    Transport hung =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery delivery) {
            try {
              never.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    Notifier n =
        builder(RetryPolicy.ofDefaults())
            .transport(hung)
            .attemptTimeout(Duration.ofMillis(200))
            .lease(Duration.ofSeconds(1))
            .build();
    n.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "carol"));
    n.publish(new ConversationAssigned("a2", AT, "bob", "k2", "cust-1", "carol"));
    assertThat(n.deliverDue()).isEqualTo(2);
    assertThat(n.deadLetters(0, 10))
        .extracting(DeadLetter::kind)
        .containsOnly(TransportException.Kind.UNKNOWN);
    assertThat(n.deadLetters(0, 10).get(0).message()).contains("may have been sent");
  }

  @Test
  @Timeout(120) // a hang guard only: generous for a loaded machine
  void workers_deliverInTheBackground_andCloseGracefully() throws Exception {
    Notifier n = builder(RetryPolicy.ofDefaults()).build();
    try (DeliveryWorkers workers = n.startWorkers(2, Duration.ofMillis(20))) {
      assertThat(workers.size()).isEqualTo(2);
      for (int i = 0; i < 20; i++) {
        n.publish(new ConversationAssigned("a" + i, AT, "bob", "k" + i, "cust-1", "carol"));
      }
      while (email.delivered().size() < 20) {
        Thread.sleep(5);
      }
      assertThat(workers.close(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(email.delivered()).hasSize(20);
    assertThat(ids(email.delivered())).doesNotHaveDuplicates();
    assertThat(n.stats().delivered()).isEqualTo(20);
  }

  @Test
  void inAppTransports_areRefused_theInboxIsWhereInAppGoes() {
    assertThatThrownBy(() -> Notifier.builder().transport(new RecordingTransport(Medium.IN_APP)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inAppListener");
    assertThatThrownBy(
            () ->
                builder(RetryPolicy.ofDefaults())
                    .attemptTimeout(Duration.ofMinutes(2))
                    .lease(Duration.ofMinutes(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease");
  }

  @Test
  void deliveryIds_areUnambiguous() {
    assertThat(Delivery.idOf("a/x", "y", Medium.IN_APP))
        .isNotEqualTo(Delivery.idOf("a", "x/y", Medium.IN_APP));
    assertThat(Delivery.idOf("a%2Fx", "y", Medium.IN_APP))
        .isNotEqualTo(Delivery.idOf("a/x", "y", Medium.IN_APP));
    assertThat(Delivery.idOf("a1", "carol", Medium.EMAIL)).isEqualTo("a1/carol/email");
  }

  @Test
  void aPublishesItems_haveTheirDeliveriesIds_escapedAlike() {
    // A publish escapes the action's id once for all its items: the same ids as Delivery.id.
    PublishResult r = notifier.publish(new AppUpdated("p/1%", AT, "shopify"));
    assertThat(ids(r.inApp()))
        .containsExactly("p%2F1%25/alice/in_app", "p%2F1%25/bob/in_app", "p%2F1%25/carol/in_app");
    for (Delivery d : r.inApp()) {
      assertThat(notifier.inbox().page(d.recipient().id(), 0, 10))
          .extracting(InboxItem::id)
          .containsExactly(d.id());
    }
  }

  @Test
  void everyoneOptions_reachTheWholeOrganisation() {
    PublishResult r = notifier.publish(new AppUpdated("p1", AT, "shopify"));
    assertThat(r.decisions()).extracting(d -> d.userId()).containsExactly("alice", "bob", "carol");
    assertThat(ids(r.inApp()))
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
    notifier.deliverDue();
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
  void inAppListener_mayHearWhyFromTheDelivery() {
    List<String> shown = new ArrayList<>();
    InAppListener withWhy =
        new InAppListener() {
          @Override
          public void show(InboxItem item, boolean popup, String sound) {
            throw new AssertionError("the pipeline calls show(item, delivery)");
          }

          @Override
          public void show(InboxItem item, Delivery delivery) {
            shown.add(item.id() + ": " + delivery.reason().explain());
          }
        };
    Notifier n =
        Notifier.builder().directory(directory).presence(presence).inAppListener(withWhy).build();
    PublishResult r = n.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice"));
    assertThat(shown)
        .containsExactly("a1/alice/in_app: " + r.inApp().get(0).reason().explain())
        .allMatch(line -> line.contains("conversation.assigned"));
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

  @Test
  void badActions_areRefusedWhereBuiltOrAtPublish_namingTheField() {
    // Action is sealed: a kind or id that is missing is refused by the record, never at publish.
    assertThatThrownBy(() -> CustomAction.of("x1", null, AT, "bob"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("kind cannot be null");
    assertThatThrownBy(() -> CustomAction.of(" ", ActionKind.APP_UPDATED, AT, "bob"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("id ");
    Action unknownKind = CustomAction.of("x2", ActionKind.of("order.shipped"), AT, "bob");
    assertThatThrownBy(() -> notifier.publish(unknownKind))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("kind: no option of the catalog listens to kind \"order.shipped\"");
    assertThatThrownBy(() -> Notifier.builder().inboxRetention(Duration.ofDays(365L * 2_000_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most a million years");
  }
}
