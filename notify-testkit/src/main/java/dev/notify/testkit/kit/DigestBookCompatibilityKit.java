package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.Throttle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link DigestBook}; implementations' tests extend it and return a new, empty
 * book.
 *
 * @since 0.2.0
 */
public abstract class DigestBookCompatibilityKit {
  /**
   * How long a case waits for its concurrent callers: generous, so a loaded 2-core machine never
   * fails a case that is only slow.
   */
  private static final long PATIENT_MINUTES = 5;

  /** The first instant of every case. */
  protected static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  private static final DigestPolicy THREE_IN_15 =
      new DigestPolicy(Duration.ofMinutes(15), 3, false);
  private static final DigestPolicy FLUSH_FIRST = new DigestPolicy(Duration.ofMinutes(15), 2, true);

  /** The book under test, made new for each case. */
  protected DigestBook book;

  /** A new, empty book. */
  protected abstract DigestBook createBook();

  @BeforeEach
  void setUpBook() {
    book = createBook();
  }

  private static Delivery email(String actionId, String user) {
    return Deliveries.assigned(actionId, user, Medium.EMAIL, T0);
  }

  private static Instant at(int minutes) {
    return T0.plusSeconds(minutes * 60L);
  }

  private static List<String> ids(Digest d) {
    return d.deliveries().stream().map(Delivery::id).toList();
  }

  @Test
  void withoutAPolicy_aDeliveryGoesAlone_andNothingIsKept() {
    assertEquals(DigestPlacement.NONE, book.place(email("a1", "alice"), T0, null));
    DigestPlacement later = book.place(email("a1", "alice"), T0, THREE_IN_15);
    assertFalse(later.alone(), "not placed before: placed now");
  }

  @Test
  void aWindow_takesWhatIsDueBeforeItsEnd_andItsFirstMemberSendsIt() {
    DigestPlacement p1 = book.place(email("a1", "alice"), at(0), THREE_IN_15);
    assertEquals("digest:a1/alice/email", p1.digestId());
    assertTrue(p1.sentBy("a1/alice/email"));
    assertEquals(at(15), p1.sendFrom());
    DigestPlacement p2 = book.place(email("a2", "alice"), at(14), THREE_IN_15);
    assertEquals(p1.digestId(), p2.digestId());
    assertFalse(p2.sentBy("a2/alice/email"));
    assertEquals("a1/alice/email", p2.senderId());
    DigestPlacement p3 = book.place(email("a3", "alice"), at(15), THREE_IN_15);
    assertEquals("digest:a3/alice/email", p3.digestId(), "due at the end: a new window");
    Digest d = book.seal(id(p1), "a1/alice/email").orElseThrow();
    assertEquals(List.of("a1/alice/email", "a2/alice/email"), ids(d));
    assertEquals("alice", d.userId());
  }

  @Test
  void theDeliveryThatFillsAWindow_sendsIt_fromItsDueInstant() {
    book.place(email("a1", "alice"), at(0), THREE_IN_15);
    book.place(email("a2", "alice"), at(3), THREE_IN_15);
    DigestPlacement p3 = book.place(email("a3", "alice"), at(7), THREE_IN_15);
    assertTrue(p3.sentBy("a3/alice/email"));
    assertEquals(at(7), p3.sendFrom());
    assertEquals(
        Optional.empty(), book.seal("digest:a1/alice/email", "a1/alice/email"), "not a1's now");
    DigestPlacement p1 = book.place(email("a1", "alice"), at(0), THREE_IN_15);
    assertEquals("a3/alice/email", p1.senderId(), "a1 placed again sees who sends");
    DigestPlacement p4 = book.place(email("a4", "alice"), at(8), THREE_IN_15);
    assertNotEquals(p3.digestId(), p4.digestId(), "a full window takes nothing more");
    assertEquals(
        List.of("a1/alice/email", "a2/alice/email", "a3/alice/email"),
        ids(book.seal(id(p3), "a3/alice/email").orElseThrow()));
  }

  @Test
  void flushFirst_sendsTheOpenerAlone_andTheNextMemberSends() {
    DigestPlacement opener = book.place(email("a1", "alice"), at(0), FLUSH_FIRST);
    assertTrue(opener.alone());
    assertEquals("digest:a1/alice/email", opener.digestId());
    DigestPlacement p2 = book.place(email("a2", "alice"), at(1), FLUSH_FIRST);
    assertTrue(p2.sentBy("a2/alice/email"));
    assertEquals(opener.digestId(), p2.digestId());
    assertEquals(at(15), p2.sendFrom());
    DigestPlacement p3 = book.place(email("a3", "alice"), at(2), FLUSH_FIRST);
    assertTrue(p3.sentBy("a3/alice/email"), "the opener does not count: a3 fills it");
    assertEquals(
        List.of("a2/alice/email", "a3/alice/email"),
        ids(book.seal(id(p3), "a3/alice/email").orElseThrow()));
    assertEquals(opener, book.place(email("a1", "alice"), at(0), FLUSH_FIRST));
  }

  @Test
  void aSealedWindow_takesNothingMore_andSealingAgainGivesTheSameDigest() {
    DigestPlacement p1 = book.place(email("a1", "alice"), at(0), THREE_IN_15);
    Digest first = book.seal(id(p1), "a1/alice/email").orElseThrow();
    DigestPlacement p2 = book.place(email("a2", "alice"), at(1), THREE_IN_15);
    assertNotEquals(p1.digestId(), p2.digestId());
    assertEquals(first, book.seal(id(p1), "a1/alice/email").orElseThrow());
    assertEquals(Optional.empty(), book.seal("digest:nothing", "a1/alice/email"));
  }

  @Test
  void placingAgain_answersTheFirstPlacement_whateverThePolicyIsNow() {
    DigestPlacement p1 = book.place(email("a1", "alice"), at(0), THREE_IN_15);
    assertEquals(p1, book.place(email("a1", "alice"), at(5), null));
    assertEquals(p1, book.place(email("a1", "alice"), at(5), FLUSH_FIRST));
  }

  @Test
  void usersAndMedia_haveWindowsOfTheirOwn() {
    DigestPlacement alice = book.place(email("a1", "alice"), at(0), THREE_IN_15);
    DigestPlacement bob = book.place(email("a1", "bob"), at(0), THREE_IN_15);
    DigestPlacement sms =
        book.place(Deliveries.assigned("a1", "alice", Medium.of("sms"), T0), at(0), THREE_IN_15);
    assertEquals(3, Set.of(alice.digestId(), bob.digestId(), sms.digestId()).size());
  }

  @Test
  void oddIds_andLongDeliveries_areKeptExactly() {
    String user = "o'brien \"\\ ; -- é😀/%2F";
    Delivery d = email("x/y%z", user);
    DigestPlacement p = book.place(d, at(0), THREE_IN_15);
    assertEquals(List.of(d), book.seal(id(p), d.id()).orElseThrow().deliveries());
  }

  @SuppressWarnings("NullAway") // passes null on purpose: the SPI must refuse it
  @Test
  void forget_dropsEndedWindowsThatWentOut_orNeverGotAMember_only() {
    DigestPlacement sent = book.place(email("a1", "alice"), at(0), THREE_IN_15);
    book.seal(id(sent), "a1/alice/email");
    book.markSent(id(sent));
    DigestPlacement unsent = book.place(email("a2", "bob"), at(0), THREE_IN_15);
    book.seal(id(unsent), "a2/bob/email"); // sealed, never sent: a dead letter, say
    book.place(email("a3", "carol"), at(0), FLUSH_FIRST); // an opener sent alone, nobody after
    DigestPlacement open = book.place(email("a4", "dave"), at(10), THREE_IN_15);
    assertEquals(2, book.forget(at(16)), "the sent one and the one with only its opener");
    assertEquals(unsent, book.place(email("a2", "bob"), at(0), THREE_IN_15), "still there");
    assertEquals(
        List.of("a2/bob/email"),
        ids(book.seal(id(unsent), "a2/bob/email").orElseThrow()),
        "a redrive finds it whole");
    assertEquals(open, book.place(email("a4", "dave"), at(10), THREE_IN_15), "not ended");
    DigestPlacement anew = book.place(email("a1", "alice"), at(20), THREE_IN_15);
    assertEquals(at(35), anew.sendFrom(), "forgotten: placed anew");
    assertTrue(book.place(email("a3", "carol"), at(20), null).alone());
    book.markSent("digest:nothing"); // unknown: nothing to do
    assertThrows(NullPointerException.class, () -> book.forget(null));
    assertThrows(NullPointerException.class, () -> book.markSent(null));
  }

  @Test
  void concurrentPlacements_putEachDeliveryInExactlyOneWindow_ofAtMostItsMax() throws Exception {
    int threads = 4;
    int perThread = 12;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<String, DigestPlacement>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                start.await();
                Map<String, DigestPlacement> mine = new HashMap<>();
                for (int i = 0; i < perThread; i++) {
                  Delivery d = email("t" + thread + "-" + i, "alice");
                  mine.put(d.id(), book.place(d, at(i), THREE_IN_15));
                }
                return mine;
              }));
    }
    start.countDown();
    Map<String, DigestPlacement> all = new HashMap<>();
    for (Future<Map<String, DigestPlacement>> f : results) {
      all.putAll(f.get(PATIENT_MINUTES, TimeUnit.MINUTES));
    }
    pool.shutdown();
    assertEquals(threads * perThread, all.size());
    Map<String, String> senders = new HashMap<>();
    for (DigestPlacement p : all.values()) {
      String before = senders.putIfAbsent(p.digestId(), p.senderId());
      if (before != null && !before.equals(p.senderId())) {
        // A window that filled: its last sender is the one that seals it; earlier placements saw
        // an earlier sender. Sealing with the final sender below settles it.
        senders.put(p.digestId(), null);
      }
    }
    Set<String> seen = new HashSet<>();
    int sealedWindows = 0;
    for (String digestId : senders.keySet()) {
      Digest d = null;
      for (DigestPlacement p : all.values()) {
        if (digestId.equals(p.digestId())) {
          Optional<Digest> s = book.seal(digestId, sender(p));
          if (s.isPresent()) {
            d = s.get();
            break;
          }
        }
      }
      if (d == null) {
        throw new AssertionError("no placement of " + digestId + " names its sender");
      }
      sealedWindows++;
      assertTrue(d.size() <= 3, "at most max: " + ids(d));
      for (Delivery x : d.deliveries()) {
        assertTrue(seen.add(x.id()), x.id() + " is in two digests");
        assertEquals(
            digestId,
            Objects.requireNonNull(all.get(x.id())).digestId(),
            "in the window it was placed in");
      }
    }
    assertEquals(all.keySet(), seen, "every delivery is in exactly one digest");
    assertTrue(sealedWindows >= threads * perThread / 3);
  }

  @Test
  void aDeliveryPlacedWhileItsWindowIsSealed_isInTheSealedDigest_orInANewWindow() throws Exception {
    DigestPolicy roomy = new DigestPolicy(Duration.ofMinutes(60), 50, false);
    for (int round = 0; round < 5; round++) {
      String user = "u" + round;
      DigestPlacement first = book.place(email("a0", user), at(0), roomy);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch start = new CountDownLatch(1);
      Future<Map<String, DigestPlacement>> placing =
          pool.submit(
              () -> {
                start.await();
                Map<String, DigestPlacement> out = new HashMap<>();
                for (int i = 1; i <= 30; i++) {
                  Delivery d = email("a" + i, user);
                  out.put(d.id(), book.place(d, at(1), roomy));
                }
                return out;
              });
      Future<Digest> sealing =
          pool.submit(
              () -> {
                start.await();
                Thread.sleep(1);
                return book.seal(id(first), email("a0", user).id()).orElseThrow();
              });
      start.countDown();
      Map<String, DigestPlacement> placed = placing.get(PATIENT_MINUTES, TimeUnit.MINUTES);
      Digest sent = sealing.get(PATIENT_MINUTES, TimeUnit.MINUTES);
      pool.shutdown();
      Set<String> inSent = new HashSet<>(ids(sent));
      for (Map.Entry<String, DigestPlacement> e : placed.entrySet()) {
        if (id(first).equals(e.getValue().digestId())) {
          assertTrue(inSent.contains(e.getKey()), e.getKey() + " joined after the seal: lost");
        }
      }
    }
  }

  private static final Throttle TWO_PER_HOUR = new Throttle(2, Duration.ofMinutes(60));

  private DigestPlacement throttled(
      String action, String user, int minute, @Nullable DigestPolicy p) {
    return book.place(new DigestBook.Request(email(action, user), at(minute), p, TWO_PER_HOUR));
  }

  @Test
  void aThrottle_letsItsMaxThrough_andGathersTheRestIntoOneDigestSentWhenItsWindowEnds() {
    assertEquals(DigestPlacement.NONE, throttled("a1", "alice", 0, null));
    assertEquals(DigestPlacement.NONE, throttled("a2", "alice", 10, null));
    DigestPlacement a3 = throttled("a3", "alice", 20, null);
    assertTrue(a3.throttled(), "the third in an hour is held back: " + a3);
    assertEquals(
        Digest.throttleIdOf(email("a3", "alice").id()), Objects.requireNonNull(a3.digestId()));
    assertTrue(a3.sentBy(email("a3", "alice").id()), "its first member sends it");
    assertEquals(at(60), a3.sendFrom(), "when the throttle window ends");
    DigestPlacement a4 = throttled("a4", "alice", 59, null);
    assertEquals(a3, a4, "the fourth joins the same digest");
    assertEquals(DigestPlacement.NONE, throttled("a5", "alice", 60, null), "a new window");
    assertEquals(DigestPlacement.NONE, throttled("a1", "alice", 61, null), "placed before");
    assertEquals(DigestPlacement.NONE, throttled("a6", "alice", 61, null), "a1 not counted again");
    assertTrue(throttled("a7", "alice", 62, null).throttled());
    assertEquals(DigestPlacement.NONE, throttled("a8", "bob", 62, null), "bob's own throttle");
    Digest d =
        book.seal(Objects.requireNonNull(a3.digestId()), email("a3", "alice").id()).orElseThrow();
    assertEquals(List.of(email("a3", "alice").id(), email("a4", "alice").id()), ids(d));
    assertTrue(d.throttled());
  }

  @Test
  void aThrottle_countsEveryEmailBeforeTheDigest_andWhatItHoldsBackNeverJoinsTheDigest() {
    DigestPlacement a1 = throttled("a1", "alice", 0, THREE_IN_15);
    DigestPlacement a2 = throttled("a2", "alice", 1, THREE_IN_15);
    DigestPlacement a3 = throttled("a3", "alice", 2, THREE_IN_15);
    assertEquals(Digest.idOf(email("a1", "alice").id()), Objects.requireNonNull(a1.digestId()));
    assertEquals(a1, a2, "the second passes the throttle and joins the user's digest");
    assertTrue(a3.throttled(), "the third is held back: " + a3);
    Digest digest =
        book.seal(Objects.requireNonNull(a1.digestId()), email("a1", "alice").id()).orElseThrow();
    assertEquals(List.of(email("a1", "alice").id(), email("a2", "alice").id()), ids(digest));
    assertFalse(digest.throttled());
    // After the window the throttle lets through again; a placement made before stands.
    assertEquals(a3, throttled("a3", "alice", 70, THREE_IN_15));
    assertFalse(throttled("a4", "alice", 70, THREE_IN_15).throttled());
  }

  @Test
  void forget_dropsThrottleWindowsAndPassesThatEnded() {
    throttled("a1", "alice", 0, null);
    throttled("a2", "alice", 1, null);
    DigestPlacement held = throttled("a3", "alice", 2, null);
    book.markSent(Objects.requireNonNull(held.digestId()));
    book.forget(at(200));
    // Forgotten: placed anew, it opens a new throttle window and passes.
    assertEquals(DigestPlacement.NONE, throttled("a3", "alice", 201, null));
  }

  @SuppressWarnings("NullAway") // passes null on purpose: the SPI must refuse it
  @Test
  void placeAll_answersWhatPlacingOneByOneAnswers_aRepeatIncluded() {
    DigestBook other = createBook();
    List<DigestBook.Request> requests = new ArrayList<>();
    DigestPolicy[] policies = {THREE_IN_15, FLUSH_FIRST, null};
    Throttle[] throttles = {null, new Throttle(3, Duration.ofMinutes(20)), TWO_PER_HOUR};
    for (int i = 0; i < 36; i++) {
      String user = i % 3 == 0 ? "bob" : "alice";
      requests.add(
          new DigestBook.Request(
              email("a" + i, user), at(i * 2), policies[(i / 5) % 3], throttles[(i / 7) % 3]));
    }
    requests.add(requests.get(4)); // the same delivery again in one call
    requests.add(requests.get(30)); // a throttled one again
    List<DigestPlacement> one = new ArrayList<>();
    for (DigestBook.Request r : requests) {
      one.add(book.place(r));
    }
    assertTrue(one.stream().anyMatch(DigestPlacement::throttled), "a throttle held one back");
    assertEquals(one, other.placeAll(requests));
    assertEquals(one.get(4), one.get(one.size() - 2));
    assertEquals(one.get(30), one.get(one.size() - 1));
    assertEquals(List.of(), other.placeAll(List.of()));
    assertThrows(NullPointerException.class, () -> other.placeAll(null));
  }

  @Test
  void concurrentPlaceAlls_putEachDeliveryInExactlyOneWindow() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<String, DigestPlacement>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                start.await();
                Map<String, DigestPlacement> mine = new HashMap<>();
                for (int batch = 0; batch < 3; batch++) {
                  List<DigestBook.Request> rs = new ArrayList<>();
                  for (int i = 0; i < 6; i++) {
                    // Two users in every call, in both orders across threads.
                    String user = (i + thread) % 2 == 0 ? "alice" : "bob";
                    rs.add(
                        new DigestBook.Request(
                            email("t" + thread + "-" + batch + "-" + i, user),
                            at(batch),
                            THREE_IN_15));
                  }
                  List<DigestPlacement> ps = book.placeAll(rs);
                  for (int i = 0; i < rs.size(); i++) {
                    mine.put(rs.get(i).delivery().id(), ps.get(i));
                  }
                }
                return mine;
              }));
    }
    start.countDown();
    Map<String, DigestPlacement> all = new HashMap<>();
    for (Future<Map<String, DigestPlacement>> f : results) {
      all.putAll(f.get(PATIENT_MINUTES, TimeUnit.MINUTES));
    }
    pool.shutdown();
    Set<String> seen = new HashSet<>();
    Set<String> windows = new HashSet<>();
    all.values().forEach(p -> windows.add(p.digestId()));
    for (String w : windows) {
      Digest d = null;
      for (DigestPlacement p : all.values()) {
        if (w.equals(p.digestId()) && d == null) {
          d = book.seal(w, sender(p)).orElse(null);
        }
      }
      if (d == null) {
        throw new AssertionError("no placement of " + w + " names its sender");
      }
      assertTrue(d.size() <= 3, "at most max: " + ids(d));
      for (Delivery x : d.deliveries()) {
        assertTrue(seen.add(x.id()), x.id() + " is in two digests");
      }
    }
    assertEquals(all.keySet(), seen, "every delivery is in exactly one digest");
  }

  /** The digest of a placement in one: the kit's assertions checked it is digested. */
  private static String id(DigestPlacement p) {
    return Objects.requireNonNull(p.digestId(), "a digested placement names its digest");
  }

  /** The sender of a placement in a digest. */
  private static String sender(DigestPlacement p) {
    return Objects.requireNonNull(p.senderId(), "a digested placement names its sender");
  }
}
