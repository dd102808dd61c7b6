package dev.notify.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.jdbc.JdbcStores;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a user feels first: from the instant a publish on instance A is due to start to the call of
 * the transport on instance B, two notifiers (their own stores and pools) on one embedded
 * PostgreSQL. Arrivals are open-loop at a fixed rate (each publish has its intended start, and the
 * latency counts from it, so a slow publish delays the measure, not the arrivals: coordinated
 * omission avoided); B's workers poll once a second and are woken by A's {@code NOTIFY}. Prints
 * p50, p90, p99 and max, exact (every latency kept and sorted). Not a JMH benchmark: run it with
 * {@code java -cp notify-benchmarks/target/benchmarks.jar dev.notify.benchmarks.LatencyHarness
 * [rate per second, 1000] [seconds, 60]}.
 */
public final class LatencyHarness {
  private LatencyHarness() {}

  /** Runs the harness. */
  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    System.out.println(run(rate, seconds, System.out));
  }

  /** Runs {@code rate} publishes a second for {@code seconds}; answers the report's last line. */
  static String run(int rate, int seconds, PrintStream out) throws Exception {
    int total = rate * seconds;
    AtomicLongArray intended = new AtomicLongArray(total);
    AtomicLongArray delivered = new AtomicLongArray(total);
    ConcurrentHashMap<String, Integer> index = new ConcurrentHashMap<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        HikariDataSource a = pool(pg);
        HikariDataSource b = pool(pg)) {
      LocalDate old = LocalDate.of(2019, 4, 1);
      InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(old);
      for (int u = 0; u < 100; u++) {
        directory.putUser(new UserAccount("agent-" + u, old, "agent-" + u + "@example.test"));
      }
      JdbcStores onA = JdbcStores.builder(a).build();
      JdbcStores onB = JdbcStores.builder(b).build();
      Notifier publisher =
          Notifier.builder()
              .directory(directory)
              .stores(onA)
              .transport(new NoOpTransport(Medium.EMAIL))
              .build();
      Transport timing =
          new Transport() {
            @Override
            public Medium medium() {
              return Medium.EMAIL;
            }

            @Override
            public void deliver(Delivery d) {
              Integer i = index.get(d.action().id());
              if (i != null) {
                delivered.compareAndSet(i, 0, System.nanoTime());
              }
            }
          };
      Notifier deliverer =
          Notifier.builder().directory(directory).stores(onB).transport(timing).build();
      DeliveryWorkers workers = deliverer.startWorkers(2, Duration.ofSeconds(1));
      ExecutorService publishers = Executors.newFixedThreadPool(8);
      AtomicInteger failed = new AtomicInteger();
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
      long period = TimeUnit.SECONDS.toNanos(1) / rate;
      for (int i = 0; i < total; i++) {
        long due = start + i * period;
        intended.set(i, due);
        String id = "lat-" + i;
        index.put(id, i);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int n = i;
        publishers.execute(
            () -> {
              try {
                publisher.publish(
                    new ConversationAssigned(
                        id, Instant.now(), "bot", "k-" + n, "c-1", "agent-" + (n % 100)));
              } catch (RuntimeException e) {
                failed.incrementAndGet();
              }
            });
      }
      publishers.shutdown();
      publishers.awaitTermination(10, TimeUnit.MINUTES);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (System.nanoTime() < deadline && missing(delivered, total) > 0) {
        Thread.sleep(50);
      }
      workers.close();
      deliverer.close();
      long[] lat = new long[total];
      int n = 0;
      for (int i = 0; i < total; i++) {
        if (delivered.get(i) != 0) {
          lat[n++] = delivered.get(i) - intended.get(i);
        }
      }
      long[] got = Arrays.copyOf(lat, n);
      Arrays.sort(got);
      String line =
          String.format(
              "latency publish(A)->transport(B), %d/s for %d s on embedded PostgreSQL 17, 2"
                  + " instances: delivered %d of %d (publish failures %d); p50 %.1f ms, p90 %.1f"
                  + " ms, p99 %.1f ms, max %.1f ms",
              rate,
              seconds,
              n,
              total,
              failed.get(),
              ms(at(got, 0.50)),
              ms(at(got, 0.90)),
              ms(at(got, 0.99)),
              ms(got.length == 0 ? 0 : got[got.length - 1]));
      out.flush();
      return line;
    }
  }

  private static int missing(AtomicLongArray delivered, int total) {
    int m = 0;
    for (int i = 0; i < total; i++) {
      if (delivered.get(i) == 0) {
        m++;
      }
    }
    return m;
  }

  private static long at(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  private static HikariDataSource pool(EmbeddedPostgres pg) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
    c.setMaximumPoolSize(10);
    return new HikariDataSource(c);
  }
}
