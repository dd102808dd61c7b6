package dev.notify.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a user feels first: from the instant a publish on instance A is due to start to the call of
 * the transport on instance B, two instances (their own stores and pools) on one embedded
 * PostgreSQL 17, and the same for db-scheduler side by side.
 *
 * <p>Arrivals are open-loop at a fixed rate: each publish has its intended start, and the latency
 * counts from it, so a slow publish delays the measure, not the arrivals (coordinated omission
 * avoided). The first {@code warm-up} seconds run at the same rate and are not counted (the JIT
 * compiles while they run: with 10 s, most runs at 1,000/s on two cores showed publishes stalled
 * for 0.2–1.5 s in the first seconds counted; with 30 s, three runs of three met p99 ≤ 50 ms).
 * Percentiles are exact: every latency is kept and sorted.
 *
 * <ul>
 *   <li><b>notify</b>: A publishes a {@code ConversationAssigned} to one of 100 agents, who are
 *       logged out: one in-app item and one email entry written in one transaction (and a {@code
 *       NOTIFY}); B's two workers are woken by the {@code NOTIFY} (their fallback poll is once a
 *       second) and call the email transport.
 *   <li><b>db-scheduler</b> (the same work): A inserts the in-app row and schedules a one-time task
 *       for now; B's scheduler (two threads, lock-and-fetch) polls every {@code poll} milliseconds
 *       (it has no cross-instance wake-up; its default is 10 s) and runs the task.
 * </ul>
 *
 * Not a JMH benchmark (JMH cannot hold a rate open-loop across two instances):
 *
 * <pre>
 * mvn -B -ntp -q -DskipTests package
 * java -cp notify-benchmarks/target/benchmarks.jar dev.notify.benchmarks.LatencyHarness \
 *     [rate per second, 1000] [seconds, 60] [notify|db-scheduler|both, both] [warm-up s, 30] \
 *     [db-scheduler's poll ms, 100]
 * </pre>
 */
public final class LatencyHarness {
  private LatencyHarness() {}

  /** Runs the harness; prints one line per system. */
  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    String which = args.length > 2 ? args[2] : "both";
    int warm = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    int poll = args.length > 4 ? Integer.parseInt(args[4]) : 100;
    if (which.equals("both") || which.equals("notify")) {
      System.out.println(run(NotifySubject::new, rate, seconds, warm));
    }
    if (which.equals("both") || which.equals("db-scheduler")) {
      System.out.println(
          run((a, b, t) -> new DbSchedulerSubject(a, b, t, poll), rate, seconds, warm));
    }
  }

  /**
   * One system under test (a subject): A publishes, B delivers and calls {@link Timing#delivered}.
   */
  interface Subject extends AutoCloseable {
    String name();

    void publish(int i) throws Exception;
  }

  /** Starts a subject on A's and B's pools. */
  interface Starter {
    Subject start(HikariDataSource a, HikariDataSource b, Timing timing) throws Exception;
  }

  /** Where B's delivery of action {@code i} is stamped. */
  static final class Timing {
    final AtomicLongArray delivered;

    Timing(int total) {
      delivered = new AtomicLongArray(total);
    }

    void delivered(String actionId) {
      if (actionId.startsWith("lat-")) {
        delivered.compareAndSet(Integer.parseInt(actionId.substring(4)), 0, System.nanoTime());
      }
    }
  }

  static String run(Starter starter, int rate, int seconds, int warm) throws Exception {
    int total = rate * (seconds + warm);
    int first = rate * warm;
    long[] intended = new long[total];
    AtomicLongArray published = new AtomicLongArray(total);
    Timing timing = new Timing(total);
    AtomicInteger failed = new AtomicInteger();
    EmbeddedPostgres.Builder server = EmbeddedPostgres.builder();
    String log = System.getProperty("notify.latency.pglog");
    if (log != null) {
      // To find what stalls a run: vacuums, checkpoints, lock waits and slow statements, logged.
      server
          .setServerConfig("log_autovacuum_min_duration", "0")
          .setServerConfig("log_checkpoints", "on")
          .setServerConfig("log_lock_waits", "on")
          .setServerConfig("log_min_duration_statement", "100")
          .setOutputRedirector(ProcessBuilder.Redirect.appendTo(new java.io.File(log)));
    }
    try (EmbeddedPostgres pg = server.start();
        HikariDataSource a = pool(pg);
        HikariDataSource b = pool(pg);
        Subject s = starter.start(a, b, timing)) {
      ExecutorService publishers = Executors.newFixedThreadPool(8);
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
      long period = TimeUnit.SECONDS.toNanos(1) / rate;
      for (int i = 0; i < total; i++) {
        long due = start + i * period;
        intended[i] = due;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int n = i;
        publishers.execute(
            () -> {
              try {
                s.publish(n);
                published.set(n, System.nanoTime());
              } catch (Exception e) {
                failed.incrementAndGet();
              }
            });
      }
      publishers.shutdown();
      publishers.awaitTermination(10, TimeUnit.MINUTES);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (System.nanoTime() < deadline && missing(timing.delivered, total) > 0) {
        Thread.sleep(50);
      }
      long[] lat = new long[total - first];
      long[] pub = new long[total - first];
      int n = 0;
      int p = 0;
      long last = 0;
      for (int i = first; i < total; i++) {
        long d = timing.delivered.get(i);
        if (d != 0) {
          lat[n++] = d - intended[i];
          last = Math.max(last, d);
        }
        if (published.get(i) != 0) {
          pub[p++] = published.get(i) - intended[i];
        }
      }
      // The seconds of the run whose publishes were slowest: where a stall was, if any.
      StringBuilder stalls = new StringBuilder();
      for (int sec = 0; sec < seconds; sec++) {
        long worst = 0;
        for (int i = first + sec * rate; i < first + (sec + 1) * rate && i < total; i++) {
          if (published.get(i) != 0) {
            worst = Math.max(worst, published.get(i) - intended[i]);
          }
        }
        if (worst > TimeUnit.MILLISECONDS.toNanos(100)) {
          stalls.append(String.format(Locale.ROOT, " %d s: %.0f ms;", sec, ms(worst)));
        }
      }
      long[] got = Arrays.copyOf(lat, n);
      long[] pubs = Arrays.copyOf(pub, p);
      Arrays.sort(got);
      Arrays.sort(pubs);
      double span = (last - intended[first]) / 1e9;
      return String.format(
          Locale.ROOT,
          "%s: %d/s for %d s (after %d s warm-up), 2 instances on embedded PostgreSQL 17:"
              + " delivered %d of %d (%.0f/s, publish failures %d); publish(A)->transport(B) p50"
              + " %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; of it, the publish on A: p50"
              + " %.1f ms, p99 %.1f ms%s",
          s.name(),
          rate,
          seconds,
          warm,
          n,
          total - first,
          n / Math.max(span, 1e-9),
          failed.get(),
          ms(at(got, 0.50)),
          ms(at(got, 0.90)),
          ms(at(got, 0.99)),
          ms(got.length == 0 ? 0 : got[got.length - 1]),
          ms(at(pubs, 0.50)),
          ms(at(pubs, 0.99)),
          stalls.length() == 0 ? "" : "; publishes over 100 ms in second" + stalls);
    }
  }

  /** notify on both instances: A publishes, B's workers deliver. */
  static final class NotifySubject implements Subject {
    private final Notifier publisher;
    private final Notifier deliverer;
    private final DeliveryWorkers workers;

    NotifySubject(HikariDataSource a, HikariDataSource b, Timing timing) {
      LocalDate old = LocalDate.of(2019, 4, 1);
      InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(old);
      for (int u = 0; u < 100; u++) {
        directory.putUser(new UserAccount("agent-" + u, old, "agent-" + u + "@example.test"));
      }
      publisher =
          Notifier.builder()
              .directory(directory)
              .stores(JdbcStores.builder(a).build())
              .transport(new NoOpTransport(Medium.EMAIL))
              .build();
      Transport timed =
          new Transport() {
            @Override
            public Medium medium() {
              return Medium.EMAIL;
            }

            @Override
            public void deliver(Delivery d) {
              timing.delivered(d.action().id());
            }
          };
      deliverer =
          Notifier.builder()
              .directory(directory)
              .stores(JdbcStores.builder(b).build())
              .transport(timed)
              .build();
      workers = deliverer.startWorkers(2, Duration.ofSeconds(1));
    }

    @Override
    public String name() {
      return "notify";
    }

    @Override
    public void publish(int i) {
      publisher.publish(
          new ConversationAssigned(
              "lat-" + i, Instant.now(), "bot", "k-" + i, "c-1", "agent-" + (i % 100)));
    }

    @Override
    public void close() {
      workers.close();
      deliverer.close();
      publisher.close();
    }
  }

  /** db-scheduler doing the same work: an in-app row and a one-time task per action. */
  static final class DbSchedulerSubject implements Subject {
    private final int pollMillis;
    private final HikariDataSource a;
    private final OneTimeTask<Void> email;
    private final SchedulerClient client;
    private final Scheduler scheduler;

    DbSchedulerSubject(HikariDataSource a, HikariDataSource b, Timing timing, int pollMillis)
        throws SQLException {
      this.pollMillis = pollMillis;
      this.a = a;
      DbSchedulerTable.create(a);
      try (Connection c = a.getConnection();
          Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE inbox (id text PRIMARY KEY, user_id text NOT NULL, text text NOT NULL,"
                + " created_at timestamp with time zone NOT NULL)");
      }
      email =
          Tasks.oneTime("email").execute((instance, context) -> timing.delivered(instance.getId()));
      client = SchedulerClient.Builder.create(a, email).build();
      scheduler =
          Scheduler.create(b, email)
              .threads(2)
              .pollUsingLockAndFetch(0.5, 3.0)
              .pollingInterval(Duration.ofMillis(pollMillis))
              .build();
      scheduler.start();
    }

    @Override
    public String name() {
      return "db-scheduler (poll " + pollMillis + " ms)";
    }

    @Override
    public void publish(int i) throws SQLException {
      try (Connection c = a.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO inbox (id, user_id, text, created_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, "lat-" + i + "/agent-" + (i % 100) + "/in_app");
        ps.setString(2, "agent-" + (i % 100));
        ps.setString(3, "bot assigned conversation k-" + i + " to agent-" + (i % 100));
        ps.setTimestamp(4, Timestamp.from(Instant.now()));
        ps.executeUpdate();
      }
      client.schedule(email.instance("lat-" + i), Instant.now());
    }

    @Override
    public void close() {
      scheduler.stop();
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
