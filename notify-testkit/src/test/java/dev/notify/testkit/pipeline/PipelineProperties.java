package dev.notify.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Medium;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryOutbox;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.memory.ManualClock;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.InboxItem;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.testing.DelegatingOutbox;
import dev.notify.testkit.gen.NotifyGen;
import dev.notify.testkit.gen.NotifyGen.User;
import dev.notify.testkit.gen.NotifyGen.World;
import dev.notify.testkit.laws.ReferenceModel;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline against the reference model: random organisations and actions, a transport
 * that fails transiently, permanently or without knowing, and workers that crash at random points
 * (between sending and completing, before rescheduling …) and start again once their leases end.
 * Every delivery the model decides ends delivered or a dead letter, exactly one of the two; in-app
 * exactly once; nothing the model did not decide is ever sent; a delivery is sent twice only if a
 * crash hit it in flight.
 */
class PipelineProperties {
  private static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);

  record Case(
      LocalDate org,
      World world,
      List<Action> actions,
      List<Integer> faults,
      List<Integer> crashes) {}

  static Gen<Case> cases() {
    Gen<LocalDate> org = Gen.of(LocalDate.of(2019, 3, 1), LocalDate.of(2021, 1, 13)).orNull();
    Gen<List<Integer>> faults = Gen.ints(0, 9).list(0, 40);
    Gen<List<Integer>> crashes = Gen.ints(0, 5).list(0, 40);
    return org.flatMap(
        o ->
            NotifyGen.worlds(Catalog.standard())
                .map(w -> NotifyGen.withOrganization(w, Catalog.standard(), o))
                .flatMap(
                    w ->
                        NotifyGen.actions(Catalog.standard(), w)
                            .list(1, 4)
                            .flatMap(
                                as ->
                                    faults.zip(
                                        crashes,
                                        (f, c) -> new Case(o, w, distinctIds(as), f, c)))));
  }

  /** Actions with ids of their own: x0, x1 … (the generator reuses one id per kind). */
  private static List<Action> distinctIds(List<Action> actions) {
    List<Action> out = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      out.add(renamed(actions.get(i), "x" + i));
    }
    return out;
  }

  static Action renamed(Action a, String id) {
    // Every record action has its id first; rebuild through the canonical constructor.
    try {
      var components = a.getClass().getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = components[i].getAccessor().invoke(a);
        types[i] = components[i].getType();
      }
      values[0] = id;
      return (Action) a.getClass().getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A world kept in the in-memory stores: its users, teams, followers, settings and presence. */
  record Stored(
      InMemoryDirectory directory, InMemorySettingsStore settings, FixedPresence presence) {
    static Stored of(LocalDate org, World world) {
      InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(org);
      InMemorySettingsStore settings = new InMemorySettingsStore();
      FixedPresence presence = new FixedPresence();
      for (User u : world.users().values()) {
        directory.putUser(
            new UserAccount(u.id(), u.tenure().userCreatedOn(), u.id() + "@example.test"));
        settings.save(u.id(), u.settings(), 0);
        presence.set(u.id(), u.presence());
      }
      world.teams().forEach((t, members) -> directory.putTeam(t, List.copyOf(members)));
      directory.putFollowers(NotifyGen.CUSTOMER, List.copyOf(world.followers()));
      return new Stored(directory, settings, presence);
    }
  }

  /** A worker's crash: thrown by the outbox where the case says. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("crash", null, false, false);
    }
  }

  @Test
  void everyDecidedDeliveryEndsDeliveredOrDead_exactlyOnce() {
    Property.forAll(cases())
        .named("the pipeline delivers what the rules decide, through faults and crashes")
        .tries(300)
        .check(PipelineProperties::check);
  }

  private static void check(Case c) {
    ManualClock clock = new ManualClock(T0);
    Stored stored = Stored.of(c.org(), c.world());
    InMemoryDirectory directory = stored.directory();
    InMemorySettingsStore settings = stored.settings();
    FixedPresence presence = stored.presence();

    Deque<Integer> faults = new ArrayDeque<>(c.faults());
    Map<String, Integer> received = new HashMap<>();
    Map<String, Integer> calls = new HashMap<>();
    Transport email =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            calls.merge(d.id(), 1, Integer::sum);
            Integer f = faults.pollFirst();
            if (f != null && f == 7) {
              throw new TransportException(TransportException.Kind.TRANSIENT, "busy");
            }
            if (f != null && f == 8) {
              throw new TransportException(TransportException.Kind.PERMANENT, "rejected");
            }
            received.merge(d.id(), 1, Integer::sum);
            if (f != null && f == 9) {
              throw new TransportException(TransportException.Kind.UNKNOWN, "sent, then no answer");
            }
          }
        };
    Deque<Integer> crashes = new ArrayDeque<>(c.crashes());
    Set<String> completed = new HashSet<>();
    Set<String> crashedInFlight = new HashSet<>();
    InMemoryOutbox store = new InMemoryOutbox();
    DelegatingOutbox outbox =
        new DelegatingOutbox(store) {
          private void maybeCrash(String id) {
            Integer k = crashes.pollFirst();
            if (k != null && k == 0) {
              if (id != null) {
                crashedInFlight.add(id);
              }
              throw new Crash();
            }
          }

          @Override
          public Set<String> completeAll(String workerId, Collection<String> ids, Instant now) {
            Integer k = crashes.pollFirst();
            if (k != null && k == 0) {
              crashedInFlight.addAll(ids); // the whole batch was sent, none completed
              throw new Crash();
            }
            Set<String> done = super.completeAll(workerId, ids, now);
            for (String id : done) {
              assertThat(completed.add(id)).as("completed once: %s", id).isTrue();
            }
            return done;
          }

          @Override
          public boolean reschedule(
              String workerId, String id, Instant next, String error, Instant now) {
            maybeCrash(id);
            return super.reschedule(workerId, id, next, error, now);
          }

          @Override
          public boolean deadLetter(
              String workerId,
              String id,
              TransportException.Kind kind,
              String message,
              int attempts,
              Instant now) {
            maybeCrash(id);
            return super.deadLetter(workerId, id, kind, message, attempts, now);
          }
        };
    Notifier notifier =
        Notifier.builder()
            .directory(directory)
            .presence(presence)
            .settings(settings)
            .outbox(outbox)
            .transport(email)
            .clock(clock)
            .lease(LEASE)
            .retry(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(4)))
            .random(RandomGenerator.of("L64X128MixRandom"))
            .build();

    for (Action a : c.actions()) {
      notifier.publish(a);
      notifier.publish(a); // a host retrying its publish changes nothing
    }
    // Workers run, crash and start again until nothing is left to do.
    for (int round = 0; round < 200; round++) {
      try {
        notifier.deliverDue();
      } catch (Crash crash) {
        // the worker died holding its batch: those leases end, another worker takes them
      }
      var counts = store.counts(clock.instant());
      if (counts.due() + counts.scheduled() + counts.leased() == 0) {
        break;
      }
      clock.advance(LEASE.plusSeconds(1));
    }

    ReferenceModel model = new ReferenceModel();
    Set<String> decidedEmail = new TreeSet<>();
    Map<String, Integer> decidedInApp = new HashMap<>();
    for (Action a : c.actions()) {
      for (User u : c.world().users().values()) {
        if (model.expected(a, c.world(), u, Medium.EMAIL).isPresent()) {
          decidedEmail.add(Delivery.idOf(a.id(), u.id(), Medium.EMAIL));
        }
        if (model.expected(a, c.world(), u, Medium.IN_APP).isPresent()) {
          decidedInApp.merge(u.id(), 1, Integer::sum);
        }
      }
    }
    Set<String> dead = new TreeSet<>();
    for (DeadLetter l : store.deadLetters().list(0, 10_000)) {
      dead.add(l.id());
    }
    var counts = store.counts(clock.instant());
    assertThat(counts.due() + counts.scheduled() + counts.leased())
        .as("nothing left behind")
        .isZero();
    Set<String> ended = new TreeSet<>(completed);
    ended.addAll(dead);
    assertThat(ended).as("every decided email ends delivered or dead").isEqualTo(decidedEmail);
    Set<String> both = new TreeSet<>(completed);
    both.retainAll(dead);
    assertThat(both).as("never both delivered and dead").isEmpty();
    assertThat(decidedEmail).as("nothing else is sent").containsAll(received.keySet());
    for (String id : completed) {
      assertThat(received).as("a completed delivery was sent").containsKey(id);
    }
    received.forEach(
        (id, n) -> {
          if (n > 1) {
            assertThat(crashedInFlight).as("%s sent %d times", id, n).contains(id);
          }
        });
    checkHistory(notifier.history(), decidedEmail, completed, dead, received, calls, c);
    for (User u : c.world().users().values()) {
      List<InboxItem> items = notifier.inbox().page(u.id(), 0, 1000);
      assertThat(items)
          .as("in-app exactly once for %s", u.id())
          .hasSize(decidedInApp.getOrDefault(u.id(), 0));
    }
  }

  /**
   * The history of every decided email is a valid story — queued once, then failed attempts and
   * waits, then one end — that agrees with the outbox and the transport: it says sent only of what
   * was completed and received, a dead letter only of what is dead, no more failed attempts than
   * the transport was called, and nothing of what was not decided.
   */
  private static void checkHistory(
      DeliveryHistory history,
      Set<String> decidedEmail,
      Set<String> completed,
      Set<String> dead,
      Map<String, Integer> received,
      Map<String, Integer> calls,
      Case c) {
    for (String id : decidedEmail) {
      List<HistoryEvent.Kind> kinds = history.of(id).stream().map(HistoryEvent::kind).toList();
      assertThat(kinds).as("history of %s", id).isNotEmpty();
      assertThat(kinds.get(0)).as("%s starts queued", id).isEqualTo(HistoryEvent.Kind.QUEUED);
      assertThat(kinds.stream().filter(k -> k == HistoryEvent.Kind.QUEUED).count())
          .as("%s queued once, however often it was published", id)
          .isEqualTo(1);
      HistoryEvent.Kind last = kinds.get(kinds.size() - 1);
      List<HistoryEvent.Kind> middle = kinds.subList(1, kinds.size() - 1);
      assertThat(middle)
          .as("%s: only failed attempts and waits before its end: %s", id, kinds)
          .allMatch(k -> k == HistoryEvent.Kind.ATTEMPT_FAILED || k == HistoryEvent.Kind.DEFERRED);
      if (completed.contains(id)) {
        assertThat(last).as("%s ends sent: %s", id, kinds).isEqualTo(HistoryEvent.Kind.SENT);
        assertThat(received).as("%s said sent, and the transport got it", id).containsKey(id);
      } else {
        assertThat(dead).as("%s ended dead", id).contains(id);
        assertThat(last).as("%s ends dead: %s", id, kinds).isEqualTo(HistoryEvent.Kind.DEAD_LETTER);
      }
      long failed = kinds.stream().filter(k -> k == HistoryEvent.Kind.ATTEMPT_FAILED).count();
      assertThat(failed)
          .as("%s: no more failed attempts than transport calls", id)
          .isLessThanOrEqualTo(calls.getOrDefault(id, 0));
    }
    for (User u : c.world().users().values()) {
      for (HistoryEvent e : history.ofUser(u.id(), null, 10_000)) {
        assertThat(decidedEmail).as("history only of what was decided").contains(e.deliveryId());
      }
    }
  }
}
