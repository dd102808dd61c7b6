package dev.notify.benchmarks;

import dev.notify.action.MessageReceived;
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
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import dev.notify.spi.UserAccount;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One customer message in an organisation of 10,000 users, half of whom have "a customer sends any
 * message" on, through the real {@link Notifier} with the in-memory directory, settings store,
 * presence, a no-op inbox, the in-memory outbox (publish queues the email) and a no-op email
 * transport (never called by publish). Goal: at most 1 ms per action.
 *
 * <pre>
 * mvn -B -ntp -q -DskipTests package
 * java -jar notify-benchmarks/target/benchmarks.jar FanOutBenchmark -prof gc
 * </pre>
 *
 * The inbox and outbox are renewed every iteration, so memory stays bounded. The heap is
 * pre-touched ({@code -XX:+AlwaysPreTouch}, as long-running servers are): without it a fresh fork's
 * first passes over its 4 GB heap spent up to 43% of their time in the kernel zeroing pages ({@code
 * -prof perfasm}), which measures the operating system, not notify.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 3,
    jvmArgs = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FanOutBenchmark {
  static final int USERS = 10_000;

  private InMemoryDirectory directory;
  private FixedPresence presence;
  private InMemorySettingsStore settings;
  private Notifier notifier;
  private long next;

  /**
   * The organisation: 10,000 agents created in 2020, half with the legacy "any message" option on.
   */
  @Setup(Level.Trial)
  public void organisation() {
    LocalDate org = LocalDate.of(2019, 3, 1);
    LocalDate created = LocalDate.of(2020, 6, 1);
    directory = new InMemoryDirectory().organizationCreatedOn(org);
    presence = new FixedPresence();
    settings = new InMemorySettingsStore();
    UserSettings anyMessage =
        UserSettings.of(
            Catalog.standard(),
            Tenure.of(org, created),
            List.of(Setting.of("customer.message.any", Medium.IN_APP, Frequency.ALWAYS)),
            List.of());
    List<String> followers = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      String id = String.format("agent-%05d", i);
      directory.putUser(new UserAccount(id, created, id + "@example.test"));
      presence.set(id, i % 3 == 0 ? Presence.LOGGED_OUT : Presence.LOGGED_IN);
      if (i % 2 == 0) {
        settings.save(id, anyMessage, 0);
      }
      if (i % 500 == 0) {
        followers.add(id);
      }
    }
    directory.putFollowers("cust-1", followers);
  }

  /** A fresh notifier (empty inbox and outbox) for every iteration. */
  @Setup(Level.Iteration)
  public void notifier() {
    notifier =
        Notifier.builder()
            .directory(directory)
            .presence(presence)
            .settings(settings)
            .inbox(new NoOpInboxStore())
            .transport(new NoOpTransport(Medium.EMAIL))
            .build();
  }

  /** Publishes one chat message in a conversation assigned to one agent. */
  @Benchmark
  public PublishResult publish() {
    long n = next++;
    return notifier.publish(
        new MessageReceived(
            "m-" + n, Instant.EPOCH, Channel.CHAT, "cust-1", "k-" + n, "agent-00001", false, null));
  }
}
