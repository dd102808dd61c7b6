package dev.notify.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Medium;
import dev.notify.jdbc.JdbcStores;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.UserAccount;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publish on PostgreSQL as a host sees it: actions per second for a note that mentions 100
 * logged-out agents (each gets an in-app item and an email entry), through the real {@link
 * Notifier} on notify-jdbc, against {@code bareInsert}: the same 100 inbox rows, 100 outbox rows
 * and the action's row, inserted by plain JDBC batches in one transaction. notify also reads the
 * recipients' settings, presence and timings and writes a history row per email; the bare side does
 * none of that, into tables with no index but their keys. {@code bareIntoNotifysTables} writes
 * notify's rows, history included, into notify's own tables by plain JDBC: the limit the schema's
 * indexes set. One thread, embedded PostgreSQL 17, HikariCP.
 *
 * <pre>
 * java -jar notify-benchmarks/target/benchmarks.jar JdbcPublishBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 3,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class JdbcPublishBenchmark {
  static final int MENTIONED = 100;

  private EmbeddedPostgres pg;
  private HikariDataSource ds;
  private Notifier notifier;
  private Set<String> mentioned;
  private long next;

  /** PostgreSQL, the schema, 100 agents and the bare tables. */
  @Setup(Level.Trial)
  public void database() throws IOException, SQLException {
    pg = EmbeddedPostgres.builder().start();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
    config.setMaximumPoolSize(4);
    ds = new HikariDataSource(config);
    LocalDate old = LocalDate.of(2019, 3, 1);
    InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(old);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < MENTIONED; i++) {
      String id = String.format("agent-%05d", i);
      directory.putUser(new UserAccount(id, old, id + "@example.test"));
      ids.add(id);
    }
    mentioned = Set.copyOf(ids);
    notifier =
        Notifier.builder()
            .directory(directory)
            .stores(JdbcStores.builder(ds).build())
            .transport(new NoOpTransport(Medium.EMAIL))
            .build();
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute(JdbcBenchmark.BARE);
      st.execute(
          "CREATE TABLE bare_inbox (id VARCHAR(2048) PRIMARY KEY, user_id VARCHAR(512) NOT NULL,"
              + " action_id VARCHAR(512) NOT NULL, option_id VARCHAR(128) NOT NULL, body TEXT NOT"
              + " NULL, created_at BIGINT NOT NULL, is_read BOOLEAN NOT NULL, reason TEXT NOT"
              + " NULL)");
      st.execute(
          "CREATE TABLE bare_actions (id VARCHAR(512) PRIMARY KEY, fingerprint TEXT NOT NULL,"
              + " recorded_at BIGINT NOT NULL)");
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    notifier.close();
    ds.close();
    pg.close();
  }

  /** One note mentioning 100 agents: 100 in-app items and 100 email entries. */
  @Benchmark
  public int publish() {
    long n = next++;
    return notifier
        .publish(
            new NoteAdded(
                "n-" + n,
                Instant.EPOCH,
                "bot",
                "k-" + n,
                "cust-1",
                null,
                mentioned,
                Set.of(),
                "a note"))
        .made()
        .size();
  }

  /**
   * The limit notify's own schema sets: the rows a publish writes — the action's, 100 in-app items,
   * 100 outbox entries and their 100 history rows — by plain JDBC batches in one transaction into
   * notify's tables, with their indexes (the inbox's serve its screens, the outbox's its claims,
   * the history's its searches). No reads, no decisions, no encoding beyond fixed texts.
   */
  @Benchmark
  public int bareIntoNotifysTables() throws SQLException {
    long n = next++;
    String action = "s-" + n;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement actions =
              c.prepareStatement(
                  "INSERT INTO notify_actions (id, fingerprint, recorded_at) VALUES (?, ?, ?)");
          PreparedStatement inbox =
              c.prepareStatement(
                  "INSERT INTO notify_inbox (id, user_id, action_id, option_id, body, created_at,"
                      + " is_read, is_seen, is_archived, reason, link, snoozed_until)"
                      + " VALUES (?, ?, ?, ?, ?, ?, false, false, false, ?, '/app', NULL)");
          PreparedStatement outbox =
              c.prepareStatement(
                  "INSERT INTO notify_outbox (bucket, id, payload, state, due_at, enqueued_at,"
                      + " attempts, version) VALUES (?, ?, ?, 0, ?, ?, 0, 0)");
          PreparedStatement history =
              c.prepareStatement(
                  "INSERT INTO notify_history (user_id, delivery_id, action_id, at, kind, due_at,"
                      + " detail, worker) VALUES (?, ?, ?, ?, 'QUEUED', ?, ?, NULL)")) {
        actions.setString(1, action);
        actions.setString(2, "\"bot added a note to conversation k-" + n + "\" (note.added)");
        actions.setLong(3, n);
        actions.executeUpdate();
        int bucket = 0;
        for (String u : mentioned) {
          inbox.setString(1, action + "/" + u + "/in_app");
          inbox.setString(2, u);
          inbox.setString(3, action);
          inbox.setString(4, "note.mentioned");
          inbox.setString(5, "bot added a note to conversation k-" + n);
          inbox.setLong(6, n);
          inbox.setString(7, "note.mentioned is ALWAYS (default table standard-1)");
          inbox.addBatch();
          outbox.setInt(1, bucket++ % 64);
          outbox.setString(2, action + "/" + u + "/email");
          outbox.setString(3, JdbcBenchmark.PAYLOAD);
          outbox.setLong(4, n);
          outbox.setLong(5, n);
          outbox.addBatch();
          history.setString(1, u);
          history.setString(2, action + "/" + u + "/email");
          history.setString(3, action);
          history.setLong(4, n);
          history.setLong(5, n);
          history.setString(6, "note.mentioned is ALWAYS (default table standard-1)");
          history.addBatch();
        }
        int rows =
            inbox.executeBatch().length
                + outbox.executeBatch().length
                + history.executeBatch().length;
        c.commit();
        return rows;
      }
    }
  }

  /** The same rows by plain JDBC: one transaction, two batches and the action's row. */
  @Benchmark
  public int bareInsert() throws SQLException {
    long n = next++;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement action =
              c.prepareStatement(
                  "INSERT INTO bare_actions (id, fingerprint, recorded_at) VALUES (?, ?, ?)");
          PreparedStatement inbox =
              c.prepareStatement(
                  "INSERT INTO bare_inbox (id, user_id, action_id, option_id, body, created_at,"
                      + " is_read, reason) VALUES (?, ?, ?, ?, ?, ?, false, ?)");
          PreparedStatement outbox =
              c.prepareStatement(
                  "INSERT INTO bare_outbox (id, payload, state, due_at, enqueued_at, attempts,"
                      + " version) VALUES (?, ?, 0, ?, ?, 0, 0)")) {
        action.setString(1, "n-" + n);
        action.setString(2, "\"bot added a note to conversation k-" + n + "\" (note.added)");
        action.setLong(3, n);
        action.executeUpdate();
        for (String u : mentioned) {
          inbox.setString(1, "n-" + n + "/" + u + "/in_app");
          inbox.setString(2, u);
          inbox.setString(3, "n-" + n);
          inbox.setString(4, "note.mentioned");
          inbox.setString(5, "bot added a note to conversation k-" + n);
          inbox.setLong(6, n);
          inbox.setString(7, "note.mentioned is ALWAYS (default table standard-1)");
          inbox.addBatch();
          outbox.setString(1, "n-" + n + "/" + u + "/email");
          outbox.setString(2, JdbcBenchmark.PAYLOAD);
          outbox.setLong(3, n);
          outbox.setLong(4, n);
          outbox.addBatch();
        }
        int rows = inbox.executeBatch().length + outbox.executeBatch().length;
        c.commit();
        return rows;
      }
    }
  }
}
