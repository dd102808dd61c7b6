package dev.notify.testkit.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.Action;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.ConversationTransferred;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.ManualClock;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.NotifierBuilder;
import dev.notify.settings.Setting;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.Timeline;
import dev.notify.timeline.UserTiming;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The pipeline keeps the timeline's rules: with quiet hours (around daylight-saving changes),
 * {@code IF_UNREAD} emails and reads, urgent options, a digest and a throttle, the workers send
 * each email at the instant {@link Timeline#place} gives, and each digest holds exactly the
 * deliveries of its window, each once.
 */
class PipelineTimelineProperties {
  private static final String ANN = "ann";
  private static final Set<String> URGENT = Set.of("note.mentioned");

  /** One action: its minute after the start, its kind (0 assigned, 1 transferred, 2 mention). */
  record Step(int minute, int kind, @Nullable Integer readAfter) {}

  record Flow(
      TimelineProperties.Case quiet,
      List<Step> steps,
      @Nullable DigestPolicy digest,
      Duration unreadDelay,
      @Nullable Throttle throttle) {}

  static final Gen<Step> STEPS =
      s ->
          new Step(
              Gen.ints(0, 240).generate(s),
              Gen.ints(0, 2).generate(s),
              Gen.ints(0, 20).orNull().generate(s));

  static final Gen<Flow> FLOWS =
      s -> {
        TimelineProperties.Case c = TimelineProperties.CASES.generate(s);
        List<Step> steps = new ArrayList<>(STEPS.list(1, 14).generate(s));
        steps.sort((a, b) -> Integer.compare(a.minute(), b.minute()));
        DigestPolicy d =
            Gen.ints(0, 5).generate(s) == 0
                ? null
                : new DigestPolicy(
                    Duration.ofMinutes(Gen.ints(1, 60).generate(s)),
                    Gen.ints(2, 5).generate(s),
                    Gen.booleans().generate(s));
        Throttle t =
            Gen.ints(0, 2).generate(s) == 0
                ? new Throttle(
                    Gen.ints(1, 4).generate(s), Duration.ofMinutes(Gen.ints(1, 90).generate(s)))
                : null;
        return new Flow(c, steps, d, Duration.ofMinutes(Gen.ints(1, 15).generate(s)), t);
      };

  /** What the email transport was handed, and when. */
  record Sent(Instant at, List<String> actions, boolean digest) {}

  @Test
  void theWorkers_sendEachEmailWhenTheTimelineSays_andEachDigestHoldsItsWindowOnce() {
    Property.forAll(FLOWS)
        .named("pipeline agrees with the timeline")
        .tries(600)
        .check(PipelineTimelineProperties::agrees);
  }

  static void agrees(Flow f) {
    QuietHours quiet = QuietHours.of(f.quiet().zone(), f.quiet().windows());
    UserTiming timing = new UserTiming(quiet, f.unreadDelay(), f.digest(), f.throttle());
    Instant start = f.quiet().start();
    ManualClock clock = new ManualClock(start);
    List<Sent> sent = new ArrayList<>();
    Notifier n = annAndBob(clock, timing, new Recording(clock, sent)).build();
    withAnnsSettings(n);

    // What the timeline says.
    List<Action> actions = new ArrayList<>();
    List<Timeline.Item> items = new ArrayList<>();
    Map<String, Instant> reads = new HashMap<>();
    for (int i = 0; i < f.steps().size(); i++) {
      Step s = f.steps().get(i);
      Instant at = start.plusSeconds(s.minute() * 60L);
      String id = "a" + i;
      String option;
      switch (s.kind()) {
        case 0 -> {
          actions.add(new ConversationAssigned(id, at, "bob", "k" + i, "c1", ANN));
          option = "conversation.assigned";
        }
        case 1 -> {
          actions.add(new ConversationTransferred(id, at, "bob", "k" + i, "c1", ANN));
          option = "conversation.transferred";
        }
        default -> {
          actions.add(new NoteAdded(id, at, "bob", "k" + i, "c1", null, Set.of(ANN), Set.of(), ""));
          option = "note.mentioned";
        }
      }
      items.add(new Timeline.Item(id, i, ANN, Medium.EMAIL, option, at, s.kind() == 1, true));
      if (s.readAfter() != null) {
        reads.put(id, at.plusSeconds(s.readAfter() * 60L));
      }
    }
    Timeline.Reads readAt = (u, a) -> reads.get(a);
    List<Timeline.Placed> expected = Timeline.place(items, u -> timing, URGENT, readAt);
    List<Timeline.Placed> undigested =
        Timeline.place(items, u -> new UserTiming(quiet, f.unreadDelay(), null), URGENT, readAt);

    // Every instant something may happen at.
    TreeSet<Instant> instants = new TreeSet<>(reads.values());
    for (int i = 0; i < items.size(); i++) {
      instants.add(items.get(i).at());
      instants.add(items.get(i).at().plus(f.unreadDelay()));
      if (expected.get(i).due() != null) {
        instants.add(expected.get(i).due());
      }
      if (undigested.get(i).due() != null) {
        instants.add(undigested.get(i).due());
      }
    }
    int next = 0;
    for (Instant t : instants) {
      clock.advance(Duration.between(clock.instant(), t));
      while (next < actions.size() && !actions.get(next).occurredAt().isAfter(t)) {
        n.publish(actions.get(next++));
      }
      for (Map.Entry<String, Instant> r : reads.entrySet()) {
        if (r.getValue().equals(t)) {
          n.inbox().markRead(ANN, Delivery.idOf(r.getKey(), ANN, Medium.IN_APP));
        }
      }
      n.deliverDue();
    }
    // A window's first member waits for the window's end even when another filled it: then it
    // only hands itself over.
    for (int day = 0; day < 30 && waiting(n) > 0; day++) {
      clock.advance(Duration.ofDays(1));
      n.deliverDue();
    }

    // What the timeline said, in the same shape.
    Map<Integer, List<String>> digests = new HashMap<>();
    for (Timeline.Placed p : expected) {
      if (p.sent() && p.digest() > 0) {
        digests.computeIfAbsent(p.digest(), k -> new ArrayList<>()).add(p.item().actionId());
      }
    }
    Map<String, String> want = new HashMap<>();
    for (Timeline.Placed p : expected) {
      if (p.sent()) {
        List<String> with =
            p.digest() > 0
                ? new ArrayList<>(new TreeSet<>(digests.get(p.digest())))
                : List.of(p.item().actionId());
        want.put(p.item().actionId(), p.due() + " " + with);
      }
    }
    Map<String, String> got = new HashMap<>();
    for (Sent s : sent) {
      for (String a : s.actions()) {
        String was = got.put(a, s.at() + " " + new ArrayList<>(new TreeSet<>(s.actions())));
        assertThat(was).as("%s sent twice: %s", a, sent).isNull();
      }
      if (!s.digest()) {
        assertThat(s.actions()).hasSize(1);
      }
    }
    assertThat(got).as("sent %s, timeline %s", sent, expected).isEqualTo(want);
    assertThat(waiting(n)).as("nothing left waiting").isZero();
  }

  /** A crash: the process stops in the middle of a worker's step. */
  static final class Crash extends RuntimeException {
    Crash(String where) {
      super("crash " + where, null, false, false);
    }
  }

  @Test
  void workersThatCrashAnywhere_loseNoEmail_andSendEachAgainOnlyAfterACrash() {
    Property.forAll(FLOWS, Gen.longs(0, Long.MAX_VALUE))
        .named("digests survive crashes")
        .tries(300)
        .check(p -> survives(p.first(), p.second()));
  }

  static void survives(Flow f, long seed) {
    QuietHours quiet = QuietHours.of(f.quiet().zone(), f.quiet().windows());
    UserTiming timing = new UserTiming(quiet, f.unreadDelay(), f.digest(), f.throttle());
    Instant start = f.quiet().start();
    ManualClock clock = new ManualClock(start);
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    int[] crashes = {0};
    // Before or after the store did it: both are a process that stopped.
    java.util.function.Supplier<Boolean> crashNow = () -> random.nextInt(8) == 0;
    List<Sent> sent = new ArrayList<>();
    Transport email = new Recording(clock, sent);
    dev.notify.memory.InMemoryOutbox realOutbox = new dev.notify.memory.InMemoryOutbox();
    dev.notify.memory.InMemoryDigestBook realBook = new dev.notify.memory.InMemoryDigestBook();
    dev.notify.spi.Outbox outbox =
        new dev.notify.testing.DelegatingOutbox(realOutbox) {

          @Override
          public java.util.Set<String> completeAll(
              String w, java.util.Collection<String> ids, Instant now) {
            crashMaybe("before completeAll");
            java.util.Set<String> done = super.completeAll(w, ids, now);
            crashMaybe("after completeAll");
            return done;
          }

          @Override
          public boolean defer(String w, String id, Instant notBefore, Instant now) {
            crashMaybe("before defer");
            boolean done = super.defer(w, id, notBefore, now);
            crashMaybe("after defer");
            return done;
          }

          void crashMaybe(String where) {
            if (crashNow.get()) {
              crashes[0]++;
              throw new Crash(where);
            }
          }
        };
    dev.notify.spi.DigestBook book =
        new dev.notify.spi.DigestBook() {
          @Override
          public dev.notify.spi.DigestPlacement place(Request r) {
            dev.notify.spi.DigestPlacement p = realBook.place(r);
            if (crashNow.get()) {
              crashes[0]++;
              throw new Crash("after place");
            }
            return p;
          }

          /** One placement after another, so that a crash can fall between two of them. */
          @Override
          public List<dev.notify.spi.DigestPlacement> placeAll(List<Request> requests) {
            List<dev.notify.spi.DigestPlacement> out = new ArrayList<>();
            for (Request r : requests) {
              out.add(place(r));
            }
            return out;
          }

          @Override
          public java.util.Optional<Digest> seal(String digestId, String senderId) {
            java.util.Optional<Digest> d = realBook.seal(digestId, senderId);
            if (crashNow.get()) {
              crashes[0]++;
              throw new Crash("after seal");
            }
            return d;
          }

          @Override
          public void markSent(String digestId) {
            realBook.markSent(digestId);
          }

          @Override
          public int forget(Instant before) {
            return realBook.forget(before);
          }
        };
    Notifier n = annAndBob(clock, timing, email).outbox(outbox).digests(book).build();
    withAnnsSettings(n);
    java.util.Set<String> decided = new java.util.HashSet<>();
    for (int i = 0; i < f.steps().size(); i++) {
      Step s = f.steps().get(i);
      clock.advance(
          Duration.ofSeconds(
              Math.max(
                  0,
                  start.plusSeconds(s.minute() * 60L).getEpochSecond()
                      - clock.instant().getEpochSecond())));
      Instant at = clock.instant();
      Action a =
          switch (s.kind()) {
            case 0 -> new ConversationAssigned("a" + i, at, "bob", "k" + i, "c1", ANN);
            case 1 -> new ConversationTransferred("a" + i, at, "bob", "k" + i, "c1", ANN);
            default ->
                new NoteAdded("a" + i, at, "bob", "k" + i, "c1", null, Set.of(ANN), Set.of(), "");
          };
      n.publish(a);
      decided.add(a.id());
      deliverThroughCrashes(n, clock);
    }
    // Time passes: windows end, quiet hours end (a digest held by them may wait most of a week
    // after its window), leases of crashed workers run out.
    for (int day = 0; day < 30 && waiting(n) > 0; day++) {
      clock.advance(Duration.ofDays(1));
      deliverThroughCrashes(n, clock);
    }
    List<String> ids = sent.stream().flatMap(x -> x.actions().stream()).toList();
    assertThat(new java.util.HashSet<>(ids)).as("every email, nothing else").isEqualTo(decided);
    if (crashes[0] == 0) {
      assertThat(ids).as("each once without a crash").doesNotHaveDuplicates();
    }
    assertThat(
            n.stats().outbox().scheduled() + n.stats().outbox().due() + n.stats().outbox().leased())
        .as("nothing left waiting")
        .isZero();
  }

  private static long waiting(Notifier n) {
    var c = n.stats().outbox();
    return c.scheduled() + c.due() + c.leased();
  }

  /** Delivers what is due; after a crash, waits out the leases and goes on. */
  private static void deliverThroughCrashes(Notifier n, ManualClock clock) {
    for (int attempt = 0; attempt < 200; attempt++) {
      try {
        n.deliverDue();
        return;
      } catch (Crash c) {
        clock.advance(Duration.ofMinutes(3)); // the default lease is 2 minutes
      }
    }
    throw new AssertionError("still crashing after 200 attempts");
  }

  /** An email transport that records what it was handed for ann, and when. */
  static final class Recording implements Transport {
    private final ManualClock clock;
    private final List<Sent> sent;

    Recording(ManualClock clock, List<Sent> sent) {
      this.clock = clock;
      this.sent = sent;
    }

    @Override
    public Medium medium() {
      return Medium.EMAIL;
    }

    @Override
    public void deliver(Delivery d) {
      if (d.recipient().id().equals(ANN)) {
        sent.add(new Sent(clock.instant(), List.of(d.action().id()), false));
      }
    }

    @Override
    public void deliverDigest(Digest d) {
      sent.add(
          new Sent(
              clock.instant(), d.deliveries().stream().map(x -> x.action().id()).toList(), true));
    }
  }

  /** A notifier for ann (with {@code timing}) and bob, who acts. */
  private static NotifierBuilder annAndBob(ManualClock clock, UserTiming timing, Transport email) {
    InMemoryDirectory directory =
        new InMemoryDirectory()
            .putUser(new UserAccount(ANN, LocalDate.of(2020, 1, 1), "ann@example.test"))
            .putUser(new UserAccount("bob", LocalDate.of(2020, 1, 1), "bob@example.test"));
    return Notifier.builder()
        .directory(directory)
        .transport(email)
        .clock(clock)
        .timings(u -> u.equals(ANN) ? timing : UserTiming.DEFAULT)
        .urgent(URGENT);
  }

  /** Assignments and mentions by email Always, transfers If still unread, all of them in-app. */
  private static void withAnnsSettings(Notifier n) {
    n.editSettings(
        ANN,
        e -> {
          for (String o : List.of("conversation.assigned", "note.mentioned")) {
            e.set(Setting.of(o, Medium.EMAIL, Frequency.ALWAYS));
            e.set(Setting.of(o, Medium.IN_APP, Frequency.ALWAYS));
          }
          e.set(Setting.of("conversation.transferred", Medium.EMAIL, Frequency.IF_UNREAD));
          return e.set(Setting.of("conversation.transferred", Medium.IN_APP, Frequency.ALWAYS));
        });
  }
}
