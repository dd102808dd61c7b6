package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.Limits;
import dev.notify.catalog.Medium;
import dev.notify.spi.Claim;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetterFilter;
import dev.notify.spi.DeadLetters;
import dev.notify.spi.Delivery;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Outbox}; implementations' tests extend it and return a new, empty outbox
 * (the in-memory one, a database one, a host's own). Times are explicit instants, as workers pass
 * them.
 *
 * @since 0.2.0
 */
public abstract class OutboxCompatibilityKit {
  /**
   * How long a case waits for its concurrent callers: generous, so a loaded 2-core machine never
   * fails a case that is only slow.
   */
  private static final long PATIENT_MINUTES = 5;

  /** The first instant of every case. */
  protected static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  private static final Duration LEASE = Duration.ofSeconds(30);

  /** The outbox under test, made new for each case. */
  protected Outbox outbox;

  /** A new, empty outbox. */
  protected abstract Outbox createOutbox();

  /**
   * Whether the outbox tells an entry's very first claim ({@link Claim#claimedBefore()} false). One
   * that cannot tell overrides this to answer {@code false}: its claims then always say "claimed
   * before", which is safe (the workers look for what an earlier claim did) but slower.
   */
  protected boolean tellsFirstClaims() {
    return true;
  }

  /** Completes one entry, as the workers do: through {@link Outbox#completeAll}. */
  private boolean complete(String workerId, String id, Instant now) {
    return outbox.completeAll(workerId, List.of(id), now).contains(id);
  }

  @BeforeEach
  void setUpOutbox() {
    outbox = createOutbox();
  }

  /** A delivery of action {@code actionId} to {@code user} by email. */
  protected static Delivery delivery(String actionId, String user) {
    return Deliveries.assigned(actionId, user, Medium.EMAIL, T0);
  }

  /** An entry due at {@code due}. */
  protected static OutboxEntry entry(String actionId, String user, Instant due) {
    return OutboxEntry.of(delivery(actionId, user), due, T0);
  }

  private static List<String> ids(List<Claim> claims) {
    return claims.stream().map(Claim::id).toList();
  }

  @Test
  void enqueue_isIdempotentByDeliveryId() {
    boolean[] first = outbox.enqueue(List.of(entry("a1", "alice", T0), entry("a1", "bob", T0)));
    assertTrue(first[0] && first[1]);
    boolean[] again = outbox.enqueue(List.of(entry("a1", "bob", T0), entry("a2", "bob", T0)));
    assertFalse(again[0], "already enqueued");
    assertTrue(again[1]);
    assertEquals(3, outbox.claim("w1", 10, T0, LEASE).size());
    boolean[] twice = outbox.enqueue(List.of(entry("a3", "bob", T0), entry("a3", "bob", T0)));
    assertTrue(twice[0], "the first of an id repeated in one call is added");
    assertFalse(twice[1], "the repeat is not");
    assertEquals(1, outbox.claim("w1", 10, T0, LEASE).size());
  }

  @Test
  void claim_takesOnlyDueEntries_longestDueFirst() {
    outbox.enqueue(
        List.of(
            entry("late", "alice", T0.plusSeconds(60)),
            entry("second", "alice", T0.minusSeconds(5)),
            entry("first", "alice", T0.minusSeconds(10))));
    List<Claim> due = outbox.claim("w1", 10, T0, LEASE);
    assertEquals(List.of("first/alice/email", "second/alice/email"), ids(due));
    due.forEach(c -> complete("w1", c.id(), T0));
    assertTrue(outbox.claim("w1", 10, T0.plusSeconds(59), LEASE).isEmpty(), "not due before");
    assertEquals(
        List.of("late/alice/email"), ids(outbox.claim("w1", 10, T0.plusSeconds(60), LEASE)));
  }

  @Test
  void claim_respectsMax_andReportsTheLease() {
    for (int i = 0; i < 5; i++) {
      outbox.enqueue(List.of(entry("a" + i, "alice", T0)));
    }
    List<Claim> claims = outbox.claim("w1", 3, T0, LEASE);
    assertEquals(3, claims.size());
    for (Claim c : claims) {
      assertEquals("w1", c.workerId());
      assertEquals(0, c.attempts());
      assertEquals(T0.plus(LEASE), c.leaseUntil());
    }
    assertEquals(2, outbox.claim("w2", 3, T0, LEASE).size());
  }

  @Test
  void concurrentWorkers_neverHoldTheSameEntry() throws Exception {
    int n = 300;
    List<OutboxEntry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      entries.add(entry("a" + i, "alice", T0));
    }
    outbox.enqueue(entries);
    int workers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      String id = "w" + w;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                List<Claim> batch;
                while (!(batch = outbox.claim(id, 7, T0, LEASE)).isEmpty()) {
                  for (Claim c : batch) {
                    claimed.add(c.id());
                    assertTrue(complete(id, c.id(), T0), "the holder completes");
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(PATIENT_MINUTES, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertEquals(n, claimed.size(), "each entry claimed once");
    assertEquals(n, new HashSet<>(claimed).size());
    assertEquals(n, outbox.counts(T0).done());
  }

  @Test
  void concurrentEnqueuesOfTheSameIds_addEachOnce_andNoneFails() throws Exception {
    List<OutboxEntry> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      entries.add(entry("a" + i, "alice", T0));
    }
    int publishers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<boolean[]>> results = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                return outbox.enqueue(entries); // two instances publishing one action
              }));
    }
    start.countDown();
    int[] added = new int[entries.size()];
    for (Future<boolean[]> f : results) {
      boolean[] r = f.get(PATIENT_MINUTES, TimeUnit.MINUTES);
      for (int i = 0; i < r.length; i++) {
        added[i] += r[i] ? 1 : 0;
      }
    }
    pool.shutdown();
    for (int i = 0; i < added.length; i++) {
      assertEquals(1, added[i], "entry " + i + " added by exactly one call");
    }
    assertEquals(entries.size(), outbox.counts(T0).due());
  }

  @Test
  void anExpiredLease_isClaimableAgain_andTheOldHolderIsRefused() {
    outbox.enqueue(List.of(entry("a1", "alice", T0)));
    assertEquals(1, outbox.claim("w1", 10, T0, LEASE).size());
    assertTrue(outbox.claim("w2", 10, T0.plusSeconds(29), LEASE).isEmpty(), "held by w1");
    Instant later = T0.plus(LEASE);
    List<Claim> again = outbox.claim("w2", 10, later, LEASE);
    assertEquals(List.of("a1/alice/email"), ids(again));
    assertFalse(complete("w1", "a1/alice/email", later), "w1's lease ended");
    assertTrue(complete("w2", "a1/alice/email", later));
  }

  @Test
  void onlyTheHolder_completesReschedulesOrDeadLetters() {
    outbox.enqueue(List.of(entry("a1", "alice", T0)));
    outbox.claim("w1", 1, T0, LEASE);
    String id = "a1/alice/email";
    assertFalse(complete("w2", id, T0));
    assertFalse(outbox.reschedule("w2", id, T0.plusSeconds(1), "x", T0));
    assertFalse(outbox.deadLetter("w2", id, TransportException.Kind.PERMANENT, "x", 1, T0));
    assertFalse(complete("w1", "unknown/alice/email", T0));
    assertEquals(1, outbox.counts(T0).leased());
  }

  @Test
  void aCompletedEntry_neverComesBack() {
    outbox.enqueue(List.of(entry("a1", "alice", T0)));
    outbox.claim("w1", 1, T0, LEASE);
    assertTrue(complete("w1", "a1/alice/email", T0));
    assertFalse(complete("w1", "a1/alice/email", T0), "completed once");
    Instant muchLater = T0.plus(Duration.ofDays(1));
    assertTrue(outbox.claim("w2", 10, muchLater, LEASE).isEmpty());
    assertFalse(outbox.enqueue(List.of(entry("a1", "alice", muchLater)))[0]);
    assertFalse(outbox.deadLetters().redrive("a1/alice/email", muchLater), "not a dead letter");
    OutboxCounts c = outbox.counts(muchLater);
    assertEquals(1, c.done());
    assertEquals(0, c.due() + c.scheduled() + c.leased() + c.dead());
  }

  @Test
  void completeAll_completesWhatTheWorkerHolds_andNothingElse() {
    outbox.enqueue(
        List.of(
            entry("a1", "alice", T0),
            entry("a2", "alice", T0),
            entry("a3", "alice", T0),
            entry("a4", "alice", T0)));
    outbox.claim("w1", 2, T0, LEASE); // a1, a2
    outbox.claim("w2", 1, T0, LEASE); // a3; a4 stays waiting
    Set<String> done =
        outbox.completeAll(
            "w1",
            List.of(
                "a1/alice/email",
                "a3/alice/email",
                "a1/alice/email",
                "a4/alice/email",
                "unknown/alice/email",
                "a2/alice/email"),
            T0);
    assertEquals(Set.of("a1/alice/email", "a2/alice/email"), done, "only w1's, each once");
    OutboxCounts c = outbox.counts(T0);
    assertEquals(2, c.done());
    assertEquals(1, c.leased(), "w2 still holds a3");
    assertEquals(1, c.due(), "a4 still waits");
    assertTrue(outbox.completeAll("w1", List.of("a1/alice/email"), T0).isEmpty(), "once");
    assertTrue(outbox.completeAll("w1", List.of(), T0).isEmpty());
    assertTrue(complete("w2", "a3/alice/email", T0));
  }

  @SuppressWarnings("NullAway") // passes null on purpose: the SPI must refuse it
  @Test
  void completeAll_afterTheLeaseEnded_isRefused() {
    outbox.enqueue(List.of(entry("a1", "alice", T0), entry("a2", "alice", T0)));
    outbox.claim("w1", 2, T0, LEASE);
    Instant later = T0.plus(LEASE);
    assertEquals(1, outbox.claim("w2", 1, later, LEASE).size(), "w2 takes one of them");
    Set<String> done = outbox.completeAll("w1", List.of("a1/alice/email", "a2/alice/email"), later);
    assertTrue(done.isEmpty(), "w1's leases ended at " + later);
    assertEquals(0, outbox.counts(later).done());
    assertThrows(NullPointerException.class, () -> outbox.completeAll("w1", null, T0), "null ids");
  }

  @Test
  void reschedule_countsAnAttempt_andWaitsUntilDue() {
    outbox.enqueue(List.of(entry("a1", "alice", T0)));
    outbox.claim("w1", 1, T0, LEASE);
    assertTrue(outbox.reschedule("w1", "a1/alice/email", T0.plusSeconds(10), "busy", T0));
    assertTrue(outbox.claim("w1", 1, T0.plusSeconds(9), LEASE).isEmpty());
    assertEquals(1, outbox.counts(T0.plusSeconds(9)).scheduled());
    List<Claim> again = outbox.claim("w2", 1, T0.plusSeconds(10), LEASE);
    assertEquals(1, again.size());
    assertEquals(1, again.get(0).attempts());
  }

  @Test
  void deadLetters_areListedCounted_andRedrivenExactlyOnce() {
    outbox.enqueue(List.of(entry("a1", "alice", T0), entry("a2", "alice", T0)));
    outbox.claim("w1", 2, T0, LEASE);
    assertTrue(
        outbox.deadLetter(
            "w1", "a1/alice/email", TransportException.Kind.PERMANENT, "550 no such user", 1, T0));
    assertTrue(
        outbox.deadLetter(
            "w1", "a2/alice/email", TransportException.Kind.UNKNOWN, "timeout", 2, T0));
    assertSame(outbox.deadLetters(), outbox.deadLetters(), "one view of the dead letters");
    List<DeadLetter> dead = outbox.deadLetters().list(0, 10);
    assertEquals(
        List.of("a1/alice/email", "a2/alice/email"), dead.stream().map(DeadLetter::id).toList());
    assertEquals(TransportException.Kind.PERMANENT, dead.get(0).kind());
    assertEquals("550 no such user", dead.get(0).message());
    assertEquals(2, dead.get(1).attempts());
    assertEquals(
        List.of("a2/alice/email"),
        outbox.deadLetters().list(1, 10).stream().map(DeadLetter::id).toList());
    assertEquals(2, outbox.counts(T0).dead());
    assertTrue(outbox.claim("w2", 10, T0.plusSeconds(3600), LEASE).isEmpty(), "dead stays dead");

    Instant later = T0.plusSeconds(60);
    assertTrue(outbox.deadLetters().redrive("a1/alice/email", later));
    assertFalse(outbox.deadLetters().redrive("a1/alice/email", later), "once");
    assertEquals(1, outbox.counts(later).dead());
    List<Claim> back = outbox.claim("w2", 10, later, LEASE);
    assertEquals(List.of("a1/alice/email"), ids(back));
    assertEquals(0, back.get(0).attempts(), "attempts start again");
  }

  @Test
  void purgeDone_deletesOnlyCompletedEntriesOlderThanTheCutoff_inBatches() {
    List<OutboxEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(entry("p" + i, "alice", T0));
    }
    outbox.enqueue(entries);
    outbox.claim("w1", 5, T0, LEASE);
    for (int i = 0; i < 3; i++) {
      assertTrue(complete("w1", "p" + i + "/alice/email", T0.plusSeconds(i)));
    }
    assertTrue(
        outbox.deadLetter("w1", "p3/alice/email", TransportException.Kind.PERMANENT, "550", 1, T0));
    // p4 stays leased; completed p0 (T0), p1 (T0+1 s), p2 (T0+2 s)
    assertEquals(1, outbox.purgeDone(T0.plusSeconds(2), 1), "a batch of one");
    assertEquals(1, outbox.purgeDone(T0.plusSeconds(2), 10), "the other one older than +2 s");
    assertEquals(0, outbox.purgeDone(T0.plusSeconds(2), 10), "p2 is not older than the cutoff");
    OutboxCounts c = outbox.counts(T0.plusSeconds(2));
    assertEquals(1, c.done());
    assertEquals(1, c.dead(), "dead letters are not purged by purgeDone");
    assertEquals(1, c.leased());
    assertTrue(
        outbox.enqueue(List.of(entry("p0", "alice", T0)))[0],
        "a purged id is forgotten: enqueued again");
    assertFalse(outbox.enqueue(List.of(entry("p2", "alice", T0)))[0], "a kept one is not");
    assertThrows(IllegalArgumentException.class, () -> outbox.purgeDone(T0, 0));
  }

  @Test
  void purgeDeadLetters_byAgeKindAndMedium() {
    Delivery hook =
        Deliveries.assigned("d9", "alice", new Medium("webhook_x"), T0); // '_' is LIKE's wildcard
    Delivery other = Deliveries.assigned("d10", "alice", new Medium("webhookax"), T0);
    outbox.enqueue(
        List.of(
            entry("d1", "alice", T0),
            entry("d2", "alice", T0),
            entry("d3", "alice", T0),
            OutboxEntry.of(hook, T0, T0),
            OutboxEntry.of(other, T0, T0)));
    outbox.claim("w1", 10, T0, LEASE);
    outbox.deadLetter("w1", "d1/alice/email", TransportException.Kind.PERMANENT, "x", 1, T0);
    outbox.deadLetter(
        "w1", "d2/alice/email", TransportException.Kind.TRANSIENT, "x", 4, T0.plusSeconds(1));
    outbox.deadLetter(
        "w1", "d3/alice/email", TransportException.Kind.TRANSIENT, "x", 4, T0.plusSeconds(10));
    outbox.deadLetter("w1", hook.id(), TransportException.Kind.PERMANENT, "x", 1, T0);
    outbox.deadLetter("w1", other.id(), TransportException.Kind.PERMANENT, "x", 1, T0);
    Instant cutoff = T0.plusSeconds(5);
    assertEquals(
        1,
        outbox.deadLetters().purge(cutoff, null, "webhook_x", 10),
        "by medium, its '_' taken literally");
    assertEquals(
        1, outbox.deadLetters().purge(cutoff, TransportException.Kind.TRANSIENT, "email", 10));
    assertEquals(
        List.of("d1/alice/email", "d10/alice/webhookax", "d3/alice/email"),
        outbox.deadLetters().list(0, 10).stream().map(DeadLetter::id).sorted().toList());
    assertEquals(2, outbox.deadLetters().purge(cutoff, null, null, 10), "d3 is younger");
    assertEquals(1, outbox.counts(cutoff).dead());
    assertFalse(outbox.deadLetters().redrive("d1/alice/email", cutoff), "purged: gone");
    assertEquals(
        List.of("email"),
        outbox.deadLetters().list(0, 10).stream().map(DeadLetter::medium).toList());
    assertThrows(
        IllegalArgumentException.class, () -> outbox.deadLetters().purge(T0, null, null, 0));
  }

  @Test
  void deadLetters_areListedByFilterInPagesByCursor_andRedrivenByFilter() {
    // Another medium of the catalog (one outside it would be unreadable, a dead letter at claim).
    Delivery hook = Deliveries.assigned("f9", "bob", Medium.IN_APP, T0);
    outbox.enqueue(
        List.of(
            entry("f1", "alice", T0),
            entry("f2", "bob", T0),
            entry("f3", "carol", T0),
            entry("f4", "dave", T0),
            OutboxEntry.of(hook, T0, T0)));
    outbox.claim("w1", 10, T0, LEASE);
    // f2 and f4 die at the same instant: the id orders them.
    outbox.deadLetter("w1", "f4/dave/email", TransportException.Kind.TRANSIENT, "x", 4, T0);
    outbox.deadLetter("w1", "f2/bob/email", TransportException.Kind.TRANSIENT, "x", 4, T0);
    outbox.deadLetter(
        "w1", "f1/alice/email", TransportException.Kind.PERMANENT, "x", 1, T0.plusSeconds(5));
    outbox.deadLetter(
        "w1", "f3/carol/email", TransportException.Kind.UNKNOWN, "x", 1, T0.plusSeconds(9));
    outbox.deadLetter("w1", hook.id(), TransportException.Kind.TRANSIENT, "x", 4, T0);
    DeadLetters letters = outbox.deadLetters();
    DeadLetterFilter email = DeadLetterFilter.ALL.medium("email");

    List<DeadLetter> first = letters.list(email, null, 2);
    assertEquals(List.of("f2/bob/email", "f4/dave/email"), letterIds(first));
    List<DeadLetter> second = letters.list(email, first.get(1), 2);
    assertEquals(List.of("f1/alice/email", "f3/carol/email"), letterIds(second));
    assertEquals(List.of(), letters.list(email, second.get(1), 2), "the last page");
    assertEquals(
        List.of("f2/bob/email", "f4/dave/email", "f9/bob/in_app"),
        letterIds(
            letters.list(DeadLetterFilter.ALL.kinds(TransportException.Kind.TRANSIENT), null, 10)),
        "by kind, every medium");
    assertEquals(
        List.of("f1/alice/email"),
        letterIds(
            letters.list(
                DeadLetterFilter.ALL.deadFrom(T0.plusSeconds(1)).deadBefore(T0.plusSeconds(9)),
                null,
                10)),
        "by age: from inclusive, before exclusive");

    DeadLetterFilter failed =
        email.kinds(TransportException.Kind.TRANSIENT, TransportException.Kind.PERMANENT);
    assertEquals(1, letters.redrive(failed, T0.plusSeconds(20), 1), "a limit of one: the oldest");
    assertEquals(2, letters.redrive(failed, T0.plusSeconds(20), 10));
    assertEquals(
        List.of("f9/bob/in_app", "f3/carol/email"),
        letterIds(letters.list(DeadLetterFilter.ALL, null, 10)),
        "the unknown one and the other medium stay dead");
    assertEquals(
        0,
        letters.redrive(email.kinds(TransportException.Kind.TRANSIENT), T0.plusSeconds(20), 10),
        "redriven once only");
    assertThrows(IllegalArgumentException.class, () -> letters.list(DeadLetterFilter.ALL, null, 0));
  }

  private static List<String> letterIds(List<DeadLetter> letters) {
    return letters.stream().map(DeadLetter::id).toList();
  }

  @Test
  void anErrorOfTheLongestLength_isKeptWhole() {
    // The workers cut every error to Limits.ERROR characters; a store keeps that much exactly.
    outbox.enqueue(List.of(entry("e1", "alice", T0), entry("e2", "alice", T0)));
    outbox.claim("w1", 2, T0, LEASE);
    String longest = Limits.error("x".repeat(2_000_000));
    assertEquals(Limits.ERROR, longest.length());
    assertTrue(outbox.reschedule("w1", "e1/alice/email", T0, longest, T0), "a retry is recorded");
    assertTrue(
        outbox.deadLetter(
            "w1", "e2/alice/email", TransportException.Kind.PERMANENT, longest, 1, T0));
    DeadLetter d = outbox.deadLetters().list(0, 1).get(0);
    assertEquals(longest, d.message());
    assertEquals("email", d.medium());
  }

  @Test
  void aClaim_saysClaimedBefore_afterAnyEarlierClaim_andNotOnTheFirst() {
    outbox.enqueue(
        List.of(
            entry("a1", "alice", T0),
            entry("a2", "alice", T0),
            entry("a3", "alice", T0),
            entry("a4", "alice", T0),
            entry("a5", "alice", T0)));
    List<Claim> first = outbox.claim("w1", 10, T0, LEASE);
    assertEquals(5, first.size());
    if (tellsFirstClaims()) {
      first.forEach(c -> assertFalse(c.claimedBefore(), c.id() + "'s first claim"));
    }
    // Every way an entry comes back after a claim: released, deferred, rescheduled, dead-lettered
    // then redriven, its lease run out (a5, held by nobody now).
    Instant later = T0.plus(LEASE).plusSeconds(1);
    assertEquals(1, outbox.release("w1", List.of("a1/alice/email"), T0));
    assertTrue(outbox.defer("w1", "a2/alice/email", T0.plusSeconds(1), T0));
    assertTrue(outbox.reschedule("w1", "a3/alice/email", T0.plusSeconds(1), "busy", T0));
    assertTrue(
        outbox.deadLetter("w1", "a4/alice/email", TransportException.Kind.PERMANENT, "no", 1, T0));
    assertTrue(outbox.deadLetters().redrive("a4/alice/email", T0));
    List<Claim> again = outbox.claim("w2", 10, later, LEASE);
    assertEquals(
        List.of(
            "a1/alice/email",
            "a2/alice/email",
            "a3/alice/email",
            "a4/alice/email",
            "a5/alice/email"),
        ids(again).stream().sorted().toList());
    again.forEach(c -> assertTrue(c.claimedBefore(), c.id() + " was claimed before"));
  }

  @Test
  void release_givesBackWithoutCountingAnAttempt() {
    outbox.enqueue(List.of(entry("a1", "alice", T0), entry("a2", "alice", T0)));
    outbox.claim("w1", 2, T0, LEASE);
    assertEquals(1, outbox.release("w1", List.of("a2/alice/email", "a9/alice/email"), T0));
    assertEquals(0, outbox.release("w2", List.of("a1/alice/email"), T0), "not w2's");
    List<Claim> again = outbox.claim("w2", 10, T0, LEASE);
    assertEquals(List.of("a2/alice/email"), ids(again));
    assertEquals(0, again.get(0).attempts());
  }

  @Test
  void defer_waitsUntilItsInstant_withoutCountingAnAttempt_andIsReportedDeferred() {
    outbox.enqueue(List.of(entry("a1", "alice", T0), entry("a2", "alice", T0)));
    List<Claim> first = outbox.claim("w1", 1, T0, LEASE);
    assertEquals(List.of("a1/alice/email"), ids(first));
    assertTrue(first.get(0).fresh(), "never attempted nor deferred");
    Instant later = T0.plusSeconds(600);
    assertFalse(outbox.defer("w2", "a1/alice/email", later, T0), "not w2's");
    assertTrue(outbox.defer("w1", "a1/alice/email", later, T0));
    assertFalse(outbox.defer("w1", "a1/alice/email", later, T0), "no longer held");
    assertEquals(
        List.of("a2/alice/email"), ids(outbox.claim("w1", 10, T0.plusSeconds(599), LEASE)));
    List<Claim> back = outbox.claim("w2", 10, later, LEASE);
    assertEquals(List.of("a1/alice/email"), ids(back));
    assertEquals(0, back.get(0).attempts(), "a deferral is not an attempt");
    assertTrue(back.get(0).deferred());
    assertEquals(later, back.get(0).entry().notBefore(), "due at the deferred instant");
    assertTrue(complete("w2", "a1/alice/email", later));
  }

  @Test
  void entriesDueAtTheSameInstant_comeInTheOrderTheyWereEnqueued_evenAfterADeferral() {
    Instant later = T0.plusSeconds(60);
    outbox.enqueue(List.of(entry("a1", "alice", T0)));
    outbox.enqueue(List.of(entry("a2", "alice", later), entry("a3", "alice", later)));
    outbox.claim("w1", 1, T0, LEASE);
    assertTrue(outbox.defer("w1", "a1/alice/email", later, T0.plusSeconds(1)));
    assertEquals(
        List.of("a1/alice/email", "a2/alice/email", "a3/alice/email"),
        ids(outbox.claim("w1", 10, later, LEASE)));
  }

  @SuppressWarnings("NullAway") // passes null on purpose: the SPI must refuse it
  @Test
  void hasten_movesOnlyLaterWaitingEntriesForward() {
    Instant later = T0.plusSeconds(3600);
    outbox.enqueue(
        List.of(
            entry("a1", "alice", later),
            entry("a2", "alice", T0),
            entry("a3", "alice", later),
            entry("a4", "alice", T0.plusSeconds(10))));
    assertEquals(List.of("a2/alice/email"), ids(outbox.claim("w1", 10, T0, LEASE)));
    Instant now = T0.plusSeconds(5);
    int moved =
        outbox.hasten(
            List.of("a1/alice/email", "a2/alice/email", "a4/alice/email", "a9/alice/email"), now);
    // a1 waits for an hour: moved; a2 is leased; a4 is due in five seconds: moved; a9 is unknown.
    assertEquals(2, moved);
    assertEquals(
        List.of("a1/alice/email", "a4/alice/email"), ids(outbox.claim("w2", 10, now, LEASE)));
    assertTrue(complete("w1", "a2/alice/email", now), "the lease is untouched");
    assertEquals(0, outbox.hasten(List.of("a3/alice/email"), later.plusSeconds(1)), "due sooner");
    assertThrows(NullPointerException.class, () -> outbox.hasten(null, now));
  }

  @Test
  void extend_keepsTheLeasePastItsFirstEnd() {
    outbox.enqueue(List.of(entry("a1", "alice", T0)));
    outbox.claim("w1", 1, T0, LEASE);
    Set<String> held =
        outbox.extend(
            "w1", List.of("a1/alice/email"), T0.plus(LEASE).plus(LEASE), T0.plusSeconds(20));
    assertEquals(Set.of("a1/alice/email"), held);
    Instant pastFirstEnd = T0.plus(LEASE).plusSeconds(5);
    assertTrue(outbox.claim("w2", 10, pastFirstEnd, LEASE).isEmpty());
    assertTrue(complete("w1", "a1/alice/email", pastFirstEnd));
    assertEquals(
        Set.of(), outbox.extend("w2", List.of("a1/alice/email"), pastFirstEnd, pastFirstEnd));
  }

  @Test
  void counts_sayWhatIsInEachState() {
    outbox.enqueue(
        List.of(
            entry("due1", "alice", T0.minusSeconds(30)),
            entry("due2", "alice", T0),
            entry("later", "alice", T0.plusSeconds(60)),
            entry("held", "alice", T0.minusSeconds(60))));
    outbox.claim("w1", 1, T0, LEASE); // takes "held", the longest due
    OutboxCounts c = outbox.counts(T0);
    assertEquals(2, c.due());
    assertEquals(1, c.scheduled());
    assertEquals(1, c.leased());
    assertEquals(Duration.ofSeconds(30), c.oldestDueAge().orElseThrow());
    assertTrue(outbox.counts(T0.minusSeconds(3600)).oldestDueAge().isEmpty());
  }

  /** What follows a change (a webhook's event): {@code action/user/webhook.email.sent}. */
  private static OutboxEntry follower(String actionId, String user, Instant at) {
    Delivery d = delivery(actionId, user);
    return OutboxEntry.of(
        new Delivery(
            d.action(),
            d.recipient(),
            Medium.of("webhook.email.sent"),
            d.option(),
            false,
            null,
            d.reason()),
        at,
        at);
  }

  @Test
  void whatFollowsACompletion_isEnqueuedWithIt_andOnlyWhenItSticks() {
    outbox.enqueue(List.of(entry("f1", "alice", T0), entry("f2", "bob", T0)));
    assertEquals(2, outbox.claim("w1", 2, T0, LEASE).size());
    Instant late = T0.plus(LEASE).plusSeconds(1);
    List<Claim> stolen = outbox.claim("w2", 1, late, LEASE); // w1's leases ran out
    assertEquals(List.of("f1/alice/email"), ids(stolen));
    OutboxEntry f1 = follower("f1", "alice", late);
    OutboxEntry f2 = follower("f2", "bob", late);
    Set<String> done =
        outbox.complete(
            "w1",
            List.of(
                new Outbox.Completion("f1/alice/email", HistoryEvent.Kind.SENT, "", List.of(f1)),
                new Outbox.Completion("f2/bob/email", HistoryEvent.Kind.SENT, "", List.of(f2))),
            late);
    // w1's lease on f1 was lost: f1 is not completed and nothing follows it. f2 was not claimed
    // again by anyone, but w1's lease on it ran out too: it is refused alike.
    assertEquals(Set.of(), done);
    done =
        outbox.complete(
            "w2",
            List.of(
                new Outbox.Completion("f1/alice/email", HistoryEvent.Kind.SENT, "", List.of(f1))),
            late);
    assertEquals(Set.of("f1/alice/email"), done);
    List<Claim> next = outbox.claim("w3", 10, late, LEASE);
    List<String> claimed = new ArrayList<>(ids(next));
    assertTrue(claimed.contains("f1/alice/webhook.email.sent"), "what followed: " + claimed);
    assertFalse(claimed.contains("f2/bob/webhook.email.sent"), "only what stuck: " + claimed);
    Claim event = next.stream().filter(c -> c.id().equals(f1.id())).findFirst().orElseThrow();
    assertEquals(f1.delivery(), event.entry().delivery());
    boolean[] again = outbox.enqueue(List.of(f1));
    assertFalse(again[0], "enqueued once, with its completion");
  }

  @Test
  void whatFollowsADeadLetter_isEnqueuedWithIt_andOnlyWhenItSticks() {
    outbox.enqueue(List.of(entry("d1", "alice", T0)));
    outbox.claim("w1", 1, T0, LEASE);
    Instant late = T0.plus(LEASE).plusSeconds(1);
    outbox.claim("w2", 1, late, LEASE);
    OutboxEntry f = follower("d1", "alice", late);
    assertFalse(
        outbox.deadLetter(
            "w1", "d1/alice/email", TransportException.Kind.PERMANENT, "no", 1, late, List.of(f)),
        "w1's lease was lost");
    assertTrue(outbox.claim("w3", 10, late, LEASE).isEmpty(), "nothing followed");
    assertTrue(
        outbox.deadLetter(
            "w2", "d1/alice/email", TransportException.Kind.PERMANENT, "no", 1, late, List.of(f)));
    assertEquals(List.of(f.id()), ids(outbox.claim("w3", 10, late, LEASE)));
  }

  @Test
  void countsByMedium_splitTheCountsByTheIdsLastPart() {
    OutboxEntry late = entry("m1", "alice", T0.plusSeconds(60));
    outbox.enqueue(
        List.of(
            late,
            entry("m2", "alice", T0.minusSeconds(20)),
            entry("m3", "bob", T0.minusSeconds(10)),
            follower("m4", "bob", T0.minusSeconds(5))));
    List<Claim> held = outbox.claim("w1", 1, T0, LEASE); // m2, the longest due
    assertEquals(List.of("m2/alice/email"), ids(held));
    var counts = outbox.countsByMedium(T0);
    assertEquals(Set.of("email", "webhook.email.sent"), counts.keySet());
    OutboxCounts email = Objects.requireNonNull(counts.get("email"));
    assertEquals(1, email.scheduled());
    assertEquals(1, email.due());
    assertEquals(1, email.leased());
    assertEquals(Duration.ofSeconds(10), email.oldestDueAge().orElseThrow());
    OutboxCounts events = Objects.requireNonNull(counts.get("webhook.email.sent"));
    assertEquals(1, events.due());
    assertEquals(Duration.ofSeconds(5), events.oldestDueAge().orElseThrow());
    outbox.completeAll("w1", List.of("m2/alice/email"), T0);
    List<Claim> next = outbox.claim("w1", 1, T0, LEASE);
    outbox.deadLetter("w1", next.get(0).id(), TransportException.Kind.PERMANENT, "no", 1, T0);
    email = Objects.requireNonNull(outbox.countsByMedium(T0).get("email"));
    assertEquals(1, email.done());
    assertEquals(1, email.dead());
    assertEquals(0, email.leased());
  }

  @SuppressWarnings("NullAway") // passes null on purpose: the SPI must refuse it
  @Test
  void badArguments_areRefused() {
    assertThrows(NullPointerException.class, () -> outbox.enqueue(null));
    assertThrows(IllegalArgumentException.class, () -> outbox.claim("w1", 0, T0, LEASE));
    assertThrows(IllegalArgumentException.class, () -> outbox.claim("w1", 1, T0, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> outbox.deadLetters().list(-1, 10));
  }
}
