package dev.notify.benchmarks;

import dev.notify.action.MessageReceived;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.engine.ActionPlan;
import dev.notify.engine.AudienceFacts;
import dev.notify.engine.Decision;
import dev.notify.engine.DecisionEngine;
import dev.notify.engine.Recipient;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision for one user and one action, against the same answer read from a precomputed {@link
 * HashMap}, side by side in one run.
 *
 * <p>The user has realistic settings: an in-app value for chat, an option-wide email value with a
 * Twilio exception, a followed-customer value, a per-channel tone. The action is a chat message in
 * a conversation assigned to the user, whose customer they also follow.
 *
 * <pre>
 * mvn -B -ntp -q -DskipTests package
 * java -jar notify-benchmarks/target/benchmarks.jar DecisionBenchmark -prof gc
 * </pre>
 *
 * {@code decide} uses the action's plan (prepared once per action, as the pipeline does); {@code
 * decideWithPlanning} prepares the plan too; {@code baselineLookup} reads the finished decision
 * from a map keyed by action and user.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 3,
    jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecisionBenchmark {
  private record Key(String action, String user) {}

  private DecisionEngine engine;
  private MessageReceived action;
  private AudienceFacts facts;
  private ActionPlan plan;
  private Recipient alice;
  private final Map<Key, Decision> baseline = new HashMap<>();
  private String actionId;
  private String userId;

  /** Builds the user, the action and the baseline map. */
  @Setup
  public void setUp() {
    Tenure tenure = Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2020, 6, 1));
    UserSettings settings =
        UserSettings.of(
            Catalog.standard(),
            tenure,
            List.of(
                Setting.of(
                    "conversation.message.assigned", Channel.CHAT, Medium.IN_APP, Frequency.ALWAYS),
                Setting.of("conversation.message.assigned", Medium.EMAIL, Frequency.ALWAYS),
                Setting.of(
                    "conversation.message.assigned", Channel.TWILIO, Medium.EMAIL, Frequency.NEVER),
                Setting.of("customer.message.followed", Medium.IN_APP, Frequency.WHEN_LOGGED_OUT),
                Setting.of("note.added", Medium.EMAIL, Frequency.NEVER)),
            List.of(
                new Tone(SoundCategory.NEW_MESSAGE, Channel.CHAT, "pop"),
                Tone.of(SoundCategory.ASSIGNED, "chime")));
    engine = DecisionEngine.standard();
    alice = new Recipient("alice", tenure, settings, Presence.LOGGED_IN);
    action =
        new MessageReceived(
            "m-1",
            Instant.parse("2024-05-06T09:00:00Z"),
            Channel.CHAT,
            "cust-1",
            "k-1",
            "alice",
            false,
            null);
    facts = new AudienceFacts(Set.of("alice", "bob"), Set.of());
    plan = engine.plan(action, facts);
    actionId = action.id();
    userId = alice.userId();
    baseline.put(new Key(actionId, userId), plan.decide(alice));
    for (int i = 0; i < 1000; i++) {
      baseline.put(new Key("m-" + i, "user-" + i), baseline.get(new Key(actionId, userId)));
    }
  }

  /** The engine's decision with the action's plan. */
  @Benchmark
  public Decision decide() {
    return plan.decide(alice);
  }

  /** The engine's decision, planning the action too. */
  @Benchmark
  public Decision decideWithPlanning() {
    return engine.decide(action, facts, alice);
  }

  /** The same answer, precomputed, read from a HashMap. */
  @Benchmark
  public @Nullable Decision baselineLookup() {
    return baseline.get(new Key(actionId, userId));
  }
}
