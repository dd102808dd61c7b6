package dev.notify.benchmarks;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.TimingProvider;
import dev.notify.spi.UserAccount;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.UserTiming;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Draining the outbox: {@value #ENTRIES} queued email deliveries (one publish each, every agent
 * logged out so each assignment queues one email), delivered to a no-op transport either inline on
 * the benchmark thread ({@code deliverDue}, {@code workers = 0}) or by a pool of workers. One
 * invocation drains them all; divide {@value #ENTRIES} by the time for deliveries per second.
 *
 * <pre>
 * java -jar notify-benchmarks/target/benchmarks.jar DrainBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 3,
    jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@State(Scope.Benchmark)
public class DrainBenchmark {
  static final int ENTRIES = 20_000;

  /** Worker threads; 0 drains inline on the benchmark thread. */
  @Param({"0", "2", "4"})
  public int workers;

  /**
   * Whether every agent gathers email in a digest (at most 50 per message): each entry is placed in
   * the in-memory digest book, and every 50th sends a digest of 50.
   */
  @Param({"false", "true"})
  public boolean digest;

  private InMemoryDirectory directory;
  private FixedPresence presence;
  private NoOpTransport email;
  private Notifier notifier;

  /** 100 agents, all logged out. */
  @Setup(Level.Trial)
  public void organisation() {
    LocalDate created = LocalDate.of(2022, 1, 1);
    directory = new InMemoryDirectory().organizationCreatedOn(created);
    presence = new FixedPresence();
    for (int i = 0; i < 100; i++) {
      String id = "agent-" + i;
      directory.putUser(new UserAccount(id, created, id + "@example.test"));
      presence.set(id, Presence.LOGGED_OUT);
    }
  }

  /** A notifier whose outbox holds {@value #ENTRIES} due deliveries. */
  @Setup(Level.Invocation)
  public void queue() {
    email = new NoOpTransport(Medium.EMAIL);
    notifier =
        Notifier.builder()
            .directory(directory)
            .presence(presence)
            .inbox(new NoOpInboxStore())
            .transport(email)
            .timings(
                digest
                    ? user ->
                        new UserTiming(
                            QuietHours.NONE,
                            UserTiming.DEFAULT_UNREAD_DELAY,
                            new DigestPolicy(Duration.ofMinutes(15), 50, false))
                    : TimingProvider.DEFAULTS)
            .batchSize(100)
            .build();
    for (int i = 0; i < ENTRIES; i++) {
      notifier.publish(
          new ConversationAssigned(
              "a-" + i, Instant.EPOCH, "bot", "k-" + i, "cust-1", "agent-" + (i % 100)));
    }
  }

  /** Delivers every queued entry. */
  @Benchmark
  public long drain() throws InterruptedException {
    if (workers == 0) {
      notifier.deliverDue();
    } else {
      try (DeliveryWorkers w = notifier.startWorkers(workers, Duration.ofMillis(1))) {
        while (email.delivered.sum() < ENTRIES) {
          Thread.sleep(0, 100_000);
        }
      }
    }
    // Every delivery reached the transport: alone, or in a digest (its default sends each).
    long expected = digest ? ENTRIES / 50 : ENTRIES;
    if (notifier.stats().delivered() != expected || email.delivered.sum() != ENTRIES) {
      throw new IllegalStateException(
          "drained " + notifier.stats().delivered() + ", transport got " + email.delivered.sum());
    }
    return notifier.stats().delivered();
  }
}
