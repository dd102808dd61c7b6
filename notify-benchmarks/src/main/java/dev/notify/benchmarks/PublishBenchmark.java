package dev.notify.benchmarks;

import dev.notify.action.Action;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.action.ObjectUpdated;
import dev.notify.action.SnoozeExpired;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Tenure;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.NotifierBuilder;
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import dev.notify.spi.UserAccount;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained publish throughput on one thread with a realistic mix of actions — customer messages on
 * every channel, assignments, notes with mentions and team mentions, object updates, snoozes — in
 * an organisation of 500 agents, through the real {@link Notifier}: in-memory directory, settings,
 * presence and outbox (email is queued, never sent by publish), and for in-app either the real
 * transport into the in-memory inbox or a no-op one ({@link #inbox}). The {@code deliveries}
 * counter is the goal's unit: at least 1,000,000 per second.
 *
 * <pre>
 * mvn -B -ntp -q -DskipTests package
 * java -jar notify-benchmarks/target/benchmarks.jar PublishBenchmark -prof gc
 * </pre>
 *
 * The inbox and outbox are renewed every iteration, so memory stays bounded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 3,
    jvmArgs = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class PublishBenchmark {
  static final int AGENTS = 500;
  static final Channel[] CHANNELS = {
    Channel.CHAT,
    Channel.EMAIL,
    Channel.GMAIL,
    Channel.TWILIO,
    Channel.FORMS,
    Channel.AMAZON_CONNECT
  };

  /** Deliveries made, reported by JMH as a rate next to the publish rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    /** In-app notifications written and deliveries queued. */
    public long deliveries;
  }

  /**
   * Where in-app notifications go: {@code in-memory} is an in-memory inbox that keeps every item
   * (so the heap grows with the run, as an inbox without retention does); {@code no-op} an inbox
   * that keeps nothing, to measure the pipeline alone. Email deliveries are queued in the in-memory
   * outbox (publish never delivers them).
   */
  @Param({"no-op", "in-memory"})
  public String inbox;

  private InMemoryDirectory directory;
  private FixedPresence presence;
  private InMemorySettingsStore settings;
  private Notifier notifier;
  private long next;

  /**
   * 500 agents in 10 teams, 100 customers with 5 followers each, a third of the agents with their
   * own settings.
   */
  @Setup(Level.Trial)
  public void organisation() {
    LocalDate org = LocalDate.of(2022, 3, 1);
    directory = new InMemoryDirectory().organizationCreatedOn(org);
    presence = new FixedPresence();
    settings = new InMemorySettingsStore();
    UserSettings chatty =
        UserSettings.of(
            Catalog.standard(),
            Tenure.of(org, org),
            List.of(
                Setting.of("conversation.message.assigned", Medium.IN_APP, Frequency.ALWAYS),
                Setting.of(
                    "conversation.message.assigned",
                    Channel.TWILIO,
                    Medium.EMAIL,
                    Frequency.ALWAYS),
                Setting.of("customer.message.followed", Medium.IN_APP, Frequency.WHEN_LOGGED_OUT)),
            List.of());
    for (int i = 0; i < AGENTS; i++) {
      String id = "agent-" + i;
      directory.putUser(new UserAccount(id, org, id + "@example.test"));
      presence.set(id, i % 4 == 0 ? Presence.LOGGED_OUT : Presence.LOGGED_IN);
      if (i % 3 == 0) {
        settings.save(id, chatty, 0);
      }
    }
    for (int t = 0; t < 10; t++) {
      List<String> members = new ArrayList<>();
      for (int i = t; i < AGENTS; i += 10) {
        members.add("agent-" + i);
      }
      directory.putTeam("team-" + t, members.subList(0, 10));
    }
    for (int c = 0; c < 100; c++) {
      directory.putFollowers(
          "cust-" + c,
          List.of(
              "agent-" + c,
              "agent-" + (c + 100),
              "agent-" + (c + 200),
              "agent-" + (c + 300),
              "agent-" + (c + 400)));
    }
  }

  /** A fresh notifier (empty inbox and outbox) for every iteration. */
  @Setup(Level.Iteration)
  public void notifier() {
    NotifierBuilder b =
        Notifier.builder()
            .directory(directory)
            .presence(presence)
            .settings(settings)
            .transport(new NoOpTransport(Medium.EMAIL));
    if (inbox.equals("no-op")) {
      b.inbox(new NoOpInboxStore());
    }
    notifier = b.build();
  }

  /** Publishes the next action of the mix. */
  @Benchmark
  public PublishResult publish(Counters counters) {
    PublishResult r = notifier.publish(nextAction());
    counters.deliveries += r.inApp().size() + r.enqueued().size();
    return r;
  }

  private Action nextAction() {
    long n = next++;
    int k = (int) (n % 10);
    String id = "x-" + n;
    String customer = "cust-" + (n % 100);
    String assignee = "agent-" + (n * 7 % AGENTS);
    String actor = "agent-" + (n * 13 % AGENTS);
    Instant at = Instant.EPOCH;
    return switch (k) {
      case 0, 1, 2, 3 ->
          new MessageReceived(
              id,
              at,
              CHANNELS[(int) (n % CHANNELS.length)],
              customer,
              "k-" + n,
              assignee,
              false,
              null);
      case 4, 5 -> new ConversationAssigned(id, at, actor, "k-" + n, customer, assignee);
      case 6, 7 ->
          new NoteAdded(
              id,
              at,
              actor,
              "k-" + n,
              customer,
              assignee,
              Set.of("agent-" + (n * 3 % AGENTS)),
              k == 6 ? Set.of("team-" + (n % 10)) : Set.of(),
              null);
      case 8 -> new ObjectUpdated(id, at, actor, customer, "order-" + n);
      default -> new SnoozeExpired(id, at, "k-" + n, customer, assignee);
    };
  }
}
