package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.catalog.Medium;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetterFilter;
import dev.notify.spi.DeadLetters;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.HistoryEvent.Kind;
import dev.notify.spi.HistoryFilter;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of an outbox's {@link DeliveryHistory}: every change of an entry is recorded with it
 * — queued with the decision's reason and due time, a failed attempt with its error and retry,
 * held, sent, gathered, held back by a throttle, read in time, a dead letter, redriven, purged —
 * and a change that did not stick (a lost lease, a repeated enqueue) is not; a delivery's and an
 * action's events come oldest first, a user's newest first in pages by cursor; retention deletes
 * the oldest in batches. Implementations' tests extend it with an outbox that keeps a history.
 *
 * @since 0.3.0
 */
public abstract class DeliveryHistoryCompatibilityKit {
  /** The first instant of every case. */
  protected static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  private static final Duration LEASE = Duration.ofSeconds(30);

  /** The outbox under test, new for each case. */
  protected Outbox outbox;

  /** A new, empty outbox that keeps a history. */
  protected abstract Outbox createOutbox();

  @BeforeEach
  void setUpOutbox() {
    outbox = createOutbox();
  }

  private static OutboxEntry entry(String actionId, String user, Instant due) {
    Delivery d = Deliveries.assigned(actionId, user, Medium.EMAIL, T0);
    return OutboxEntry.of(d, due, T0);
  }

  private List<Kind> kinds(String deliveryId) {
    return outbox.history().of(deliveryId).stream().map(HistoryEvent::kind).toList();
  }

  @Test
  void queued_saysWhenItIsDueAndWhy_once() {
    OutboxEntry e = entry("a1", "alice", T0.plusSeconds(60));
    outbox.enqueue(List.of(e, e));
    outbox.enqueue(List.of(e));
    List<HistoryEvent> events = outbox.history().of("a1/alice/email");
    assertEquals(1, events.size(), "a repeated enqueue added nothing, records nothing");
    HistoryEvent q = events.get(0);
    assertEquals(Kind.QUEUED, q.kind());
    assertEquals(T0, q.at());
    assertEquals(T0.plusSeconds(60), q.due());
    assertEquals(e.delivery().reason().explain(), q.detail());
    assertEquals("alice", q.userId());
    assertEquals("a1", q.actionId());
    assertEquals("email", q.medium());
    assertTrue(outbox.history().kept());
  }

  @Test
  void eachChange_isRecordedWithIt_andALostLeaseRecordsNothing() {
    outbox.enqueue(
        List.of(
            entry("a1", "alice", T0),
            entry("a2", "alice", T0),
            entry("a3", "alice", T0),
            entry("a4", "alice", T0),
            entry("a5", "alice", T0)));
    assertEquals(5, outbox.claim("w1", 10, T0, LEASE).size());
    Instant t = T0.plusSeconds(1);
    outbox.complete(
        "w1",
        List.of(
            new Outbox.Completion("a1/alice/email", Kind.SENT, ""),
            new Outbox.Completion("a2/alice/email", Kind.GATHERED, "digest:a1/alice/email"),
            new Outbox.Completion("a3/alice/email", Kind.READ_IN_TIME, "")),
        t);
    outbox.reschedule("w1", "a4/alice/email", T0.plusSeconds(60), "421 busy", t);
    outbox.deadLetter("w1", "a5/alice/email", TransportException.Kind.PERMANENT, "550 no", 1, t);
    assertEquals(List.of(Kind.QUEUED, Kind.SENT), kinds("a1/alice/email"));
    HistoryEvent sent = outbox.history().of("a1/alice/email").get(1);
    assertEquals("w1", sent.worker());
    assertEquals(t, sent.at());
    HistoryEvent gathered = outbox.history().of("a2/alice/email").get(1);
    assertEquals(Kind.GATHERED, gathered.kind());
    assertEquals("digest:a1/alice/email", gathered.detail());
    assertEquals(List.of(Kind.QUEUED, Kind.READ_IN_TIME), kinds("a3/alice/email"));
    HistoryEvent failed = outbox.history().of("a4/alice/email").get(1);
    assertEquals(Kind.ATTEMPT_FAILED, failed.kind());
    assertEquals("421 busy", failed.detail());
    assertEquals(T0.plusSeconds(60), failed.due());
    HistoryEvent dead = outbox.history().of("a5/alice/email").get(1);
    assertEquals(Kind.DEAD_LETTER, dead.kind());
    assertTrue(dead.detail().contains("PERMANENT") && dead.detail().contains("550 no"));

    // w1's lease on a4 is gone (rescheduled): w1 changes nothing more, and records nothing.
    assertTrue(outbox.completeAll("w1", List.of("a4/alice/email"), t).isEmpty());
    assertFalse(outbox.defer("w1", "a4/alice/email", T0.plusSeconds(99), t));
    assertEquals(List.of(Kind.QUEUED, Kind.ATTEMPT_FAILED), kinds("a4/alice/email"));

    Instant later = T0.plusSeconds(60);
    assertEquals(1, outbox.claim("w2", 10, later, LEASE).size());
    assertTrue(outbox.defer("w2", "a4/alice/email", later.plusSeconds(600), later));
    assertEquals(List.of(Kind.QUEUED, Kind.ATTEMPT_FAILED, Kind.DEFERRED), kinds("a4/alice/email"));
    assertEquals(later.plusSeconds(600), outbox.history().of("a4/alice/email").get(2).due());

    assertTrue(outbox.deadLetters().redrive("a5/alice/email", later));
    assertEquals(List.of(Kind.QUEUED, Kind.DEAD_LETTER, Kind.REDRIVEN), kinds("a5/alice/email"));
    assertFalse(outbox.history().of("a5/alice/email").get(2).terminal(), "redriven: goes on");
  }

  @Test
  void aPurgedDeadLetter_isRecordedPurged() {
    outbox.enqueue(List.of(entry("a1", "alice", T0)));
    outbox.claim("w1", 10, T0, LEASE);
    outbox.deadLetter("w1", "a1/alice/email", TransportException.Kind.TRANSIENT, "x", 3, T0);
    assertEquals(1, outbox.deadLetters().purge(T0.plusSeconds(1), null, null, 10));
    assertEquals(List.of(Kind.QUEUED, Kind.DEAD_LETTER, Kind.PURGED), kinds("a1/alice/email"));
    assertEquals(0, outbox.deadLetters().list(DeadLetterFilter.ALL, null, 10).size());
  }

  @Test
  void anOperatorsRedriveAndPurgeByFilter_areRecordedWithWhoAsked_atTheirInstant() {
    outbox.enqueue(
        List.of(
            entry("p1", "alice", T0), // PERMANENT at T0+1
            entry("p2", "alice", T0), // TRANSIENT at T0+2
            entry("p3", "bob", T0), // PERMANENT at T0+3
            entry("p4", "bob", T0))); // PERMANENT at T0+4
    outbox.claim("w1", 4, T0, LEASE);
    String[] ids = {"p1/alice/email", "p2/alice/email", "p3/bob/email", "p4/bob/email"};
    TransportException.Kind[] dead = {
      TransportException.Kind.PERMANENT,
      TransportException.Kind.TRANSIENT,
      TransportException.Kind.PERMANENT,
      TransportException.Kind.PERMANENT
    };
    for (int i = 0; i < 4; i++) {
      assertTrue(outbox.deadLetter("w1", ids[i], dead[i], "no", 1, T0.plusSeconds(i + 1)));
    }
    DeadLetters letters = outbox.deadLetters();
    Instant now = T0.plusSeconds(60);
    // PERMANENT ones dead from T0+2: p3 and p4 — not p1 (too early), not p2 (transient).
    DeadLetterFilter filter =
        DeadLetterFilter.ALL
            .kinds(TransportException.Kind.PERMANENT)
            .deadFrom(T0.plusSeconds(2))
            .medium("email");
    assertEquals(1, letters.purge(filter, now, "carol", 1), "at most the limit, oldest first");
    assertEquals(1, letters.purge(filter, now, "carol", 10));
    assertEquals(0, letters.purge(filter, now, "carol", 10));
    assertEquals(
        List.of("p1/alice/email", "p2/alice/email"),
        letters.list(DeadLetterFilter.ALL, null, 10).stream().map(DeadLetter::id).toList());
    for (String id : List.of("p3/bob/email", "p4/bob/email")) {
      HistoryEvent purged = outbox.history().of(id).get(2);
      assertEquals(Kind.PURGED, purged.kind());
      assertEquals(now, purged.at(), "the caller's instant, not the wall clock");
      assertEquals("carol", purged.worker());
      assertEquals("purged as a dead letter by carol", purged.explain());
    }
    assertTrue(letters.redrive("p1/alice/email", now, "dave"));
    HistoryEvent redriven = outbox.history().of("p1/alice/email").get(2);
    assertEquals(Kind.REDRIVEN, redriven.kind());
    assertEquals("dave", redriven.worker());
    assertEquals("redriven by dave", redriven.explain());
    assertFalse(letters.redrive("p1/alice/email", now, "dave"), "once");
    assertEquals(3, outbox.history().of("p1/alice/email").size());
  }

  @Test
  void anActionsEvents_comeOldestFirst_andAUsersNewestFirstInPages() {
    outbox.enqueue(
        List.of(
            entry("a1", "alice", T0),
            entry("a1", "bob", T0),
            entry("a2", "alice", T0),
            entry("a/1", "zo/\u00eb", T0)));
    outbox.claim("w1", 10, T0, LEASE);
    outbox.completeAll("w1", List.of("a1/alice/email", "a2/alice/email"), T0.plusSeconds(5));
    List<HistoryEvent> action = outbox.history().ofAction("a1");
    assertEquals(
        List.of("a1/alice/email", "a1/bob/email", "a1/alice/email"),
        action.stream().map(HistoryEvent::deliveryId).toList());
    assertEquals(
        List.of(Kind.QUEUED, Kind.QUEUED, Kind.SENT),
        action.stream().map(HistoryEvent::kind).toList());

    List<HistoryEvent> first = outbox.history().ofUser("alice", null, 3);
    assertEquals(
        List.of("a2/alice/email", "a1/alice/email", "a2/alice/email"),
        first.stream().map(HistoryEvent::deliveryId).toList());
    assertEquals(
        List.of(Kind.SENT, Kind.SENT, Kind.QUEUED),
        first.stream().map(HistoryEvent::kind).toList());
    List<HistoryEvent> next = outbox.history().ofUser("alice", first.get(2), 3);
    assertEquals(List.of("a1/alice/email"), next.stream().map(HistoryEvent::deliveryId).toList());
    assertEquals(Kind.QUEUED, next.get(0).kind());
    assertEquals(List.of(), outbox.history().ofUser("alice", next.get(0), 3));

    HistoryEvent odd = outbox.history().ofUser("zo/\u00eb", null, 10).get(0);
    assertEquals("zo/\u00eb", odd.userId());
    assertEquals("a/1", odd.actionId());
    assertEquals(1, outbox.history().ofAction("a/1").size());
    assertThrows(IllegalArgumentException.class, () -> outbox.history().ofUser("alice", null, 0));
  }

  @Test
  void anOperatorsSearch_byStateMediumAndAge_newestFirstInPages() {
    outbox.enqueue(
        List.of(
            entry("a1", "alice", T0),
            entry("a1", "bob", T0),
            OutboxEntry.of(Deliveries.assigned("a2", "carol", Medium.IN_APP, T0), T0, T0)));
    outbox.claim("w1", 10, T0, LEASE);
    outbox.completeAll("w1", List.of("a1/alice/email"), T0.plusSeconds(5));
    // A medium an unescaped LIKE '%/in_app' would also match; never claimed (not in the catalog).
    Medium lookalike = Medium.of("inxapp");
    outbox.enqueue(
        List.of(OutboxEntry.of(Deliveries.assigned("a3", "dave", lookalike, T0), T0, T0)));
    DeliveryHistory history = outbox.history();

    assertEquals(
        List.of("a3/dave/inxapp", "a2/carol/in_app", "a1/bob/email"),
        ids(history.find(HistoryFilter.ALL.kinds(Kind.QUEUED).current(), null, 10)),
        "still queued now: alice's was sent");
    assertEquals(
        List.of("a3/dave/inxapp", "a2/carol/in_app", "a1/bob/email", "a1/alice/email"),
        ids(history.find(HistoryFilter.ALL.kinds(Kind.QUEUED), null, 10)),
        "every queued event");
    assertEquals(
        List.of("a1/alice/email"),
        ids(history.find(HistoryFilter.ALL.kinds(Kind.SENT, Kind.DEAD_LETTER), null, 10)));
    assertEquals(
        List.of("a2/carol/in_app"),
        ids(history.find(HistoryFilter.ALL.medium("in_app"), null, 10)),
        "the medium is the id's last part, matched exactly");
    assertEquals(
        List.of(Kind.SENT),
        history.find(HistoryFilter.ALL.from(T0.plusSeconds(5)), null, 10).stream()
            .map(HistoryEvent::kind)
            .toList());
    assertEquals(
        4, history.find(HistoryFilter.ALL.before(T0.plusSeconds(5)), null, 10).size(), "before");
    assertEquals(
        List.of(),
        history.find(
            HistoryFilter.ALL.medium("email").kinds(Kind.QUEUED).current().before(T0), null, 10));

    List<HistoryEvent> first = history.find(HistoryFilter.ALL, null, 3);
    assertEquals(
        List.of("a3/dave/inxapp", "a1/alice/email", "a2/carol/in_app"), ids(first), "newest first");
    List<HistoryEvent> next = history.find(HistoryFilter.ALL, first.get(2), 3);
    assertEquals(List.of("a1/bob/email", "a1/alice/email"), ids(next));
    assertEquals(List.of(), history.find(HistoryFilter.ALL, next.get(1), 3));
    assertEquals(
        List.of("a2/carol/in_app", "a1/bob/email"),
        ids(history.find(HistoryFilter.ALL.current(), first.get(1), 3)),
        "a later page of the current states still skips what a newer event replaced");
    assertThrows(IllegalArgumentException.class, () -> history.find(HistoryFilter.ALL, null, 0));
  }

  private static List<String> ids(List<HistoryEvent> events) {
    return events.stream().map(HistoryEvent::deliveryId).toList();
  }

  @Test
  void retention_deletesTheOldestInBatches() {
    outbox.enqueue(List.of(entry("a1", "alice", T0), entry("a2", "bob", T0)));
    outbox.claim("w1", 10, T0, LEASE);
    outbox.completeAll("w1", List.of("a1/alice/email"), T0.plusSeconds(10));
    assertEquals(1, outbox.history().forgetBefore(T0.plusSeconds(1), 1), "a batch of one");
    assertEquals(1, outbox.history().forgetBefore(T0.plusSeconds(1), 10));
    assertEquals(0, outbox.history().forgetBefore(T0.plusSeconds(1), 10), "the rest is younger");
    assertEquals(List.of(Kind.SENT), kinds("a1/alice/email"));
    assertEquals(List.of(), kinds("a2/bob/email"));
  }
}
