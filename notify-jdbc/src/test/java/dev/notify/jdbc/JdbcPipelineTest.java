package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Tenure;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.ManualClock;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import dev.notify.spi.Claim;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.InboxItem;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import dev.notify.testkit.kit.Deliveries;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.UserTiming;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real pipeline on the database stores: publish, deliver, the host's transaction, odd ids. */
class JdbcPipelineTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final LocalDate OLD = LocalDate.of(2019, 4, 1);

  private final RecordingTransport email = new RecordingTransport(Medium.EMAIL);

  private Notifier notifier(JdbcStores stores, String... users) {
    InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(OLD);
    for (String u : users) {
      directory.putUser(new UserAccount(u, OLD, "u@example.test"));
    }
    return Notifier.builder().directory(directory).stores(stores).transport(email).build();
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void publishQueues_workersDeliver_republishingAddsNothing(String which) {
    JdbcStores stores = Databases.stores(MigrationsTest.db(which));
    Notifier n = notifier(stores, "alice", "bob");
    stores.presence().logIn("alice");
    ConversationAssigned a = new ConversationAssigned("a1", AT, "carol", "k1", "c1", "bob");
    PublishResult r = n.publish(a);
    assertThat(r.inApp()).extracting(Delivery::id).containsExactly("a1/bob/in_app");
    assertThat(r.enqueued()).extracting(Delivery::id).containsExactly("a1/bob/email");
    assertThat(n.deliverDue()).isEqualTo(1);
    assertThat(email.delivered()).extracting(Delivery::id).containsExactly("a1/bob/email");
    assertThat(n.publish(a).duplicates()).hasSize(2);
    assertThat(n.deliverDue()).isZero();
    assertThat(stores.inbox().unreadCount("bob")).isEqualTo(1);
    assertThat(n.stats().outbox().done()).isEqualTo(1);
    // Presence is read from the database: alice is logged in for every instance.
    assertThat(stores.presence().presence("alice")).isEqualTo(Presence.LOGGED_IN);
  }

  @Test
  void onPostgreSql_aOneRecipientPublish_isSixStatements_andOneCommit() {
    Counting counted = new Counting(Databases.postgres());
    JdbcStores stores =
        JdbcStores.builder(counted.dataSource).tablePrefix(Databases.freshPrefix()).build();
    Notifier n = notifier(stores, "bob");
    ConversationAssigned a = new ConversationAssigned("a1", AT, "carol", "k1", "c1", "bob");
    counted.reset();
    n.publish(a);
    // The recipients' settings, presences and timings, the action's record, the email's entry
    // with its history and the workers' wake-up in one statement, the in-app item; one commit.
    assertThat(counted.statements).hasValue(6);
    assertThat(counted.commits).hasValue(1);
    n.publish(a); // a repeat adds no entry, so no history either
    assertThat(stores.outbox().history().of("a1/bob/email"))
        .extracting(HistoryEvent::kind)
        .containsExactly(HistoryEvent.Kind.QUEUED);
  }

  @Test
  void onPostgreSql_aWorkersBatch_acrossBuckets_isThreeStatements_andNoCommit() {
    Counting counted = new Counting(Databases.postgres());
    JdbcStores stores =
        JdbcStores.builder(counted.dataSource).tablePrefix(Databases.freshPrefix()).build();
    // 50 emails of ten users, in several buckets, due: one batch.
    stores.outbox().enqueue(Deliveries.assignedEmails(0, 50, 10, AT));
    assertThat(
            Deliveries.assignedEmails(0, 50, 10, AT).stream()
                .map(e -> Keys.bucketOf(e.id()))
                .distinct())
        .hasSizeGreaterThan(1);
    Notifier n = notifier(stores);
    counted.reset();
    assertThat(n.deliverDue()).isEqualTo(50);
    // The claim, the users' timings, the completion with its history: each whole by itself, in
    // auto-commit — and the next claim, which finds nothing due. The digest book is not asked: the
    // users have no digest, and no email was claimed before.
    assertThat(counted.statements).hasValue(4);
    assertThat(counted.commits).hasValue(0);
    assertThat(email.delivered()).hasSize(50);
    assertThat(stores.outbox().history().of("a7/u7/email"))
        .extracting(HistoryEvent::kind)
        .containsExactly(HistoryEvent.Kind.QUEUED, HistoryEvent.Kind.SENT);
  }

  @Test
  void onPostgreSql_distributed_aWorkersBatchInOneBucket_isFourStatements_andNoCommit() {
    Counting counted = new Counting(Databases.postgres());
    JdbcStores stores =
        JdbcStores.builder(counted.dataSource)
            .tablePrefix(Databases.freshPrefix())
            .distributed(true)
            .build();
    // 50 emails of one user (one bucket), due: one batch.
    stores.outbox().enqueue(Deliveries.assignedEmails(0, 50, 1, AT));
    Notifier n = notifier(stores, "u0");
    counted.reset();
    assertThat(n.deliverDue()).isEqualTo(50);
    // Which buckets hold due entries, the claim in the one bucket, the user's timing, the
    // completion with its history: each on one bucket, in auto-commit — and the next claim's read
    // of buckets, which finds nothing due.
    assertThat(counted.statements).hasValue(5);
    assertThat(counted.commits).hasValue(0);
    assertThat(email.delivered()).hasSize(50);
    assertThat(stores.outbox().history().of("a0/u0/email"))
        .extracting(HistoryEvent::kind)
        .containsExactly(HistoryEvent.Kind.QUEUED, HistoryEvent.Kind.SENT);
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void aPublish_isOneTransaction_andItsListenerIsToldAfterTheCommit(String which) throws Exception {
    DataSource ds = MigrationsTest.db(which);
    String prefix = Databases.freshPrefix();
    JdbcStores stores = JdbcStores.builder(ds).tablePrefix(prefix).build();
    InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(OLD);
    directory.putUser(new UserAccount("bob", OLD, "u@example.test"));
    List<Long> seenByAnotherConnection = new CopyOnWriteArrayList<>();
    JdbcStores other = JdbcStores.builder(ds).tablePrefix(prefix).migrate(false).build();
    Notifier n =
        Notifier.builder()
            .directory(directory)
            .stores(stores)
            .transport(email)
            .inAppListener(
                (item, popup, sound) ->
                    // Told only once the item is committed: another connection sees it.
                    seenByAnotherConnection.add(other.inbox().unreadCount(item.userId())))
            .build();
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      // The in-app write comes last: refused for action a1.
      st.execute("ALTER TABLE " + prefix + "inbox ADD CONSTRAINT no_a1 CHECK (action_id <> 'a1')");
    }
    // The in-app write, after the email's entry and the action's record, fails: nothing is kept.
    ConversationAssigned a1 = new ConversationAssigned("a1", AT, "x", "k1", "c1", "bob");
    assertThatThrownBy(() -> n.publish(a1)).isInstanceOf(JdbcStoreException.class);
    assertThat(n.stats().outbox().due() + n.stats().outbox().scheduled()).isZero();
    assertThat(n.deliverDue()).isZero();
    assertThat(seenByAnotherConnection).isEmpty();
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("ALTER TABLE " + prefix + "inbox DROP CONSTRAINT no_a1");
    }
    // Published again, whole (the action's record was rolled back with the rest).
    PublishResult r = n.publish(a1);
    assertThat(r.inApp()).extracting(Delivery::id).containsExactly("a1/bob/in_app");
    assertThat(r.enqueued()).extracting(Delivery::id).containsExactly("a1/bob/email");
    assertThat(seenByAnotherConnection).containsExactly(1L);
    assertThat(n.deliverDue()).isEqualTo(1);
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void theSameActionPublishedConcurrently_isStoredOnce_andNoPublishFails(String which)
      throws Exception {
    JdbcStores stores = Databases.stores(MigrationsTest.db(which));
    Notifier n = notifier(stores, "bob");
    for (int round = 0; round < 10; round++) {
      ConversationAssigned a =
          new ConversationAssigned("race-" + round, AT, "x", "k1", "c1", "bob");
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<PublishResult>> results = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return n.publish(a);
                }));
      }
      start.countDown();
      int written = 0;
      int queued = 0;
      for (Future<PublishResult> f : results) {
        PublishResult r = f.get(1, TimeUnit.MINUTES); // a failed publish throws here
        written += r.inApp().size();
        queued += r.enqueued().size();
      }
      pool.shutdown();
      assertThat(written).as("in-app items written, round %s", round).isEqualTo(1);
      assertThat(queued).as("emails queued, round %s", round).isEqualTo(1);
    }
    assertThat(stores.inbox().unreadCount("bob")).isEqualTo(10);
    assertThat(n.deliverDue()).isEqualTo(10);
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void aPublishInTheHostsTransaction_commitsOrRollsBackWithIt(String which) throws Exception {
    DataSource ds = MigrationsTest.db(which);
    JdbcStores stores = Databases.stores(ds);
    Notifier n = notifier(stores, "bob");
    try (Connection host = ds.getConnection()) {
      host.setAutoCommit(false);
      JdbcStores.inTransaction(
          host, () -> n.publish(new ConversationAssigned("a1", AT, "x", "k1", "c1", "bob")));
      // Not committed: another connection (a worker) sees nothing.
      assertThat(stores.inbox().unreadCount("bob")).isZero();
      assertThat(n.deliverDue()).isZero();
      host.rollback();
      JdbcStores.inTransaction(
          host, () -> n.publish(new ConversationAssigned("a2", AT, "x", "k2", "c1", "bob")));
      host.commit();
    }
    assertThat(stores.inbox().page("bob", 0, 10))
        .extracting(InboxItem::actionId)
        .containsExactly("a2");
    assertThat(n.deliverDue()).isEqualTo(1);
    assertThat(email.delivered()).extracting(Delivery::id).containsExactly("a2/bob/email");
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void aFrameworksTransaction_isJoinedWithNoCallAroundThePublish(String which) throws Exception {
    DataSource ds = MigrationsTest.db(which);
    ThreadLocal<Connection> current = new ThreadLocal<>();
    List<Connection> released = new CopyOnWriteArrayList<>();
    HostTransactions framework =
        new HostTransactions() {
          @Override
          public Connection current() {
            return current.get();
          }

          @Override
          public void release(Connection c) {
            released.add(c);
          }
        };
    JdbcStores stores = JdbcStores.builder(ds).hostTransactions(framework).build();
    Notifier n = notifier(stores, "bob");
    try (Connection host = ds.getConnection()) {
      host.setAutoCommit(false);
      current.set(host);
      n.publish(new ConversationAssigned("a1", AT, "x", "k1", "c1", "bob"));
      current.remove();
      assertThat(released).isNotEmpty().allMatch(c -> c == host);
      assertThat(host.isClosed()).as("never closed by the stores").isFalse();
      assertThat(stores.inbox().unreadCount("bob")).as("not committed yet").isZero();
      assertThat(n.deliverDue()).isZero();
      host.rollback();
      current.set(host);
      n.publish(new ConversationAssigned("a2", AT, "x", "k2", "c1", "bob"));
      current.remove();
      host.commit();
    }
    assertThat(stores.inbox().page("bob", 0, 10))
        .extracting(InboxItem::actionId)
        .containsExactly("a2");
    assertThat(n.deliverDue()).as("the worker's thread is in no transaction").isEqualTo(1);
    assertThat(email.delivered()).extracting(Delivery::id).containsExactly("a2/bob/email");
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void oddIds_areStoredExactly_orRefusedClearly(String which) {
    JdbcStores stores = Databases.stores(MigrationsTest.db(which));
    String odd = "o'brien \"\\ ; DROP TABLE x; -- é😀/%2F {a,b} NULL";
    Notifier n = notifier(stores, odd, "bob");
    n.publish(
        new NoteAdded(
            "n'1/\\x", AT, "bob", "k1", "c1", null, Set.of(odd), Set.of(), "it's \"quoted\""));
    List<InboxItem> items = stores.inbox().page(odd, 0, 10);
    assertThat(items)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.userId()).isEqualTo(odd);
              assertThat(i.actionId()).isEqualTo("n'1/\\x");
              assertThat(i.id()).isEqualTo(Delivery.idOf("n'1/\\x", odd, Medium.IN_APP));
            });
    n.deliverDue();
    assertThat(email.delivered())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.recipient().id()).isEqualTo(odd);
              assertThat(d.action().describe()).contains("bob");
            });
    UserSettings s =
        UserSettings.of(
            Catalog.standard(),
            Tenure.of(OLD, OLD),
            List.of(Setting.of("customer.message.any", Medium.IN_APP, Frequency.ALWAYS)),
            List.of());
    stores.settings().save(odd, s, 0);
    assertThat(stores.settings().load(odd).settings()).isEqualTo(s);

    String huge = "x".repeat(10_000);
    assertThatThrownBy(() -> stores.settings().save(huge, s, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 512 characters");
    assertThatThrownBy(() -> stores.presence().logIn("a\u0000b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void twoInstancesWithWorkers_gatherOneUsersEmailsIntoDigests_eachEmailOnce(String which)
      throws Exception {
    JdbcStores stores = Databases.stores(MigrationsTest.db(which));
    List<Digest> digests = new CopyOnWriteArrayList<>();
    Transport combining =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            email.deliver(d);
          }

          @Override
          public void deliverDigest(Digest d) {
            digests.add(d);
          }
        };
    DigestPolicy five = new DigestPolicy(Duration.ofMinutes(60), 5, false);
    List<Notifier> instances = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(OLD);
      directory.putUser(new UserAccount("bob", OLD, "bob@example.test"));
      directory.putUser(new UserAccount("carol", OLD, "carol@example.test"));
      instances.add(
          Notifier.builder()
              .directory(directory)
              .stores(stores)
              .transport(combining)
              .timings(u -> new UserTiming(QuietHours.NONE, Duration.ofMinutes(10), five))
              .build());
    }
    List<DeliveryWorkers> workers = new ArrayList<>();
    for (Notifier n : instances) {
      workers.add(n.startWorkers(2, Duration.ofMillis(5)));
    }
    try {
      for (int i = 0; i < 10; i++) {
        instances
            .get(i % 2)
            .publish(new ConversationAssigned("a" + i, AT, "carol", "k" + i, "c1", "bob"));
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (digests.stream().mapToInt(Digest::size).sum() < 10 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } finally {
      workers.forEach(DeliveryWorkers::close);
    }
    // Two windows of five fill up and go at once; the first member of each waits for its end.
    List<String> sent =
        digests.stream().flatMap(d -> d.deliveries().stream()).map(Delivery::id).toList();
    assertThat(sent).doesNotHaveDuplicates().hasSize(10);
    assertThat(digests).hasSize(2).allMatch(d -> d.size() == 5);
    assertThat(email.delivered()).as("nothing alone").isEmpty();
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void aSnoozeMadeOnOneInstance_endsOnAnother_throughTheOutbox(String which) {
    JdbcStores stores = Databases.stores(MigrationsTest.db(which));
    ManualClock clock = new ManualClock(AT);
    List<String> shownByA = new CopyOnWriteArrayList<>();
    List<String> shownByB = new CopyOnWriteArrayList<>();
    InMemoryDirectory directory =
        new InMemoryDirectory()
            .organizationCreatedOn(OLD)
            .putUser(new UserAccount("bob", OLD, null));
    Notifier a =
        Notifier.builder()
            .directory(directory)
            .stores(stores)
            .clock(clock)
            .inAppListener((item, popup, sound) -> shownByA.add(item.id()))
            .build();
    Notifier b =
        Notifier.builder()
            .directory(directory)
            .stores(stores)
            .clock(clock)
            .inAppListener((item, popup, sound) -> shownByB.add(item.id() + " " + popup))
            .build();
    a.publish(new ConversationAssigned("a1", AT, "carol", "k1", "c1", "bob"));
    Instant until = AT.plus(Duration.ofMinutes(5)).plusNanos(7); // stored to the nanosecond
    assertThat(a.snooze("bob", List.of("a1/bob/in_app"), until)).isEqualTo(1);
    assertThat(stores.inbox().unreadCount("bob")).isZero();
    assertThat(b.deliverDue()).as("not due yet").isZero();
    clock.advance(Duration.ofMinutes(5).plusNanos(7));
    assertThat(b.deliverDue()).as("decoded and woken by the other instance").isEqualTo(1);
    assertThat(stores.inbox().unreadPage("bob", 0, 10))
        .singleElement()
        .satisfies(i -> assertThat(i.seen() || i.snoozedUntilIfAny().isPresent()).isFalse());
    assertThat(shownByB).containsExactly("a1/bob/in_app true");
    assertThat(shownByA).containsExactly("a1/bob/in_app");
    assertThat(a.deliverDue()).isZero();
  }

  @Test
  void onPostgreSql_aPublishOnOneInstance_wakesTheIdleWorkersOfAnother() throws Exception {
    DataSource ds = MigrationsTest.db("postgresql");
    String prefix = Databases.freshPrefix();
    // Two instances: their own stores over one schema, as two processes would have.
    JdbcStores onA = JdbcStores.builder(ds).tablePrefix(prefix).build();
    JdbcStores onB = JdbcStores.builder(ds).tablePrefix(prefix).build();
    List<Delivery> sentByB = new CopyOnWriteArrayList<>();
    Transport recordingB =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            sentByB.add(d);
          }
        };
    InMemoryDirectory directory =
        new InMemoryDirectory()
            .organizationCreatedOn(OLD)
            .putUser(new UserAccount("bob", OLD, "b@x.test"));
    Notifier a = Notifier.builder().directory(directory).stores(onA).transport(email).build();
    Notifier b = Notifier.builder().directory(directory).stores(onB).transport(recordingB).build();
    // B's workers look on their own once an hour: only a notification can wake them sooner.
    DeliveryWorkers workers = b.startWorkers(1, Duration.ofHours(1));
    try {
      // The first may be found by the listener's catch-up when it starts listening; the second
      // comes once it listens, so only the notification can bring it.
      for (String id : List.of("w1", "w2")) {
        a.publish(new ConversationAssigned(id, AT, "carol", "k-" + id, "c1", "bob"));
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (sentByB.stream().noneMatch(d -> d.id().startsWith(id + "/"))
            && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      }
      assertThat(sentByB).extracting(Delivery::id).containsExactly("w1/bob/email", "w2/bob/email");
      // The listener's connection is given back when the last pool closes, and taken again by
      // the next pool.
      String listen = "LISTEN " + prefix + "outbox_due";
      assertThat(sessionsRunning(ds, listen, 1)).isEqualTo(1);
      workers.close();
      assertThat(sessionsRunning(ds, listen, 0)).isZero();
      workers = b.startWorkers(1, Duration.ofHours(1));
      assertThat(sessionsRunning(ds, listen, 1)).isEqualTo(1);
    } finally {
      workers.close();
      b.close();
    }
  }

  @ParameterizedTest(name = "distributed: {0}")
  @ValueSource(booleans = {false, true})
  void onPostgreSql_aClaim_readsTheOutboxThroughItsIndexes_neverWhole(boolean distributed)
      throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(((HikariDataSource) Databases.postgres()).getJdbcUrl());
    config.setMaximumPoolSize(1); // the stores' statements and the statistics' reads: one session
    try (HikariDataSource one = new HikariDataSource(config)) {
      String prefix = Databases.freshPrefix();
      JdbcStores stores =
          JdbcStores.builder(one).tablePrefix(prefix).distributed(distributed).build();
      stores.outbox().enqueue(Deliveries.assignedEmails(0, 20_000, 50, AT));
      try (Connection c = one.getConnection();
          Statement st = c.createStatement()) {
        st.execute("ANALYZE " + prefix + "outbox");
      }
      long before = rowsReadWhole(one, prefix + "outbox");
      List<Claim> claims =
          stores.outbox().claim("w1", 100, AT.plusSeconds(1), Duration.ofMinutes(1));
      assertThat(claims).hasSize(100);
      // In one database the claim, distributed which buckets hold the oldest due entries and then
      // the claim in them: none reads the table whole (an OR of the two claimable states did, and
      // sorted 20,000 rows each time; the claim across buckets did when the planner expected
      // thousands of rows).
      assertThat(rowsReadWhole(one, prefix + "outbox") - before).isZero();
    }
  }

  /** The rows sequential scans of {@code table} read so far, this session's included. */
  private static long rowsReadWhole(DataSource one, String table) throws SQLException {
    try (Connection c = one.getConnection();
        Statement st = c.createStatement()) {
      st.execute("SELECT pg_stat_force_next_flush()");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT seq_tup_read FROM pg_stat_user_tables WHERE relname = '" + table + "'")) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void onPostgreSql_theListenersConnection_goesBackToThePoolListeningNoMore() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(((HikariDataSource) Databases.postgres()).getJdbcUrl());
    config.setMaximumPoolSize(2);
    try (HikariDataSource two = new HikariDataSource(config)) {
      String prefix = Databases.freshPrefix();
      JdbcStores stores = JdbcStores.builder(two).tablePrefix(prefix).build();
      Notifier n = notifier(stores, "bob");
      DeliveryWorkers workers = n.startWorkers(1, Duration.ofHours(1));
      String listen = "LISTEN " + prefix + "outbox_due";
      assertThat(sessionsRunning(Databases.postgres(), listen, 1)).isEqualTo(1);
      workers.close();
      n.close();
      // Both connections of the pool, the listener's among them once it gave it back: neither
      // still listens (notifications would pile up unread in whatever borrows it next).
      try (Connection first = two.getConnection();
          Connection second = two.getConnection()) {
        for (Connection c : List.of(first, second)) {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
          }
        }
      }
    }
  }

  /**
   * The sessions whose last statement was {@code query}, once they are {@code expected} or after a
   * minute.
   */
  private static long sessionsRunning(DataSource ds, String query, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      long n;
      try (Connection c = ds.getConnection();
          PreparedStatement ps =
              c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE query = ?")) {
        ps.setString(1, query);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          n = rs.getLong(1);
        }
      }
      if (n == expected || System.nanoTime() > deadline) {
        return n;
      }
      Thread.sleep(20);
    }
  }
}
