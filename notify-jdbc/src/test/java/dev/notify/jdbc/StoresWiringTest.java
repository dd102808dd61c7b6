package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Medium;
import dev.notify.engine.DecisionEngine;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryStores;
import dev.notify.memory.InMemoryTimingStore;
import dev.notify.pipeline.Notifier;
import dev.notify.settings.DefaultTable;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.UserTiming;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The stores are wired in one call, and a durable outbox never sits beside in-memory stores. */
class StoresWiringTest {
  private final InMemoryDirectory directory = new InMemoryDirectory();

  @Test
  void aDurableOutboxBesideInMemoryStores_isRefused_namingThem() {
    JdbcStores db = Databases.stores(Databases.h2());
    assertThatThrownBy(() -> Notifier.builder().directory(directory).outbox(db.outbox()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "the outbox is durable but settings, inbox, actions, digests, timings are")
        .hasMessageContaining("stores(jdbcStores)");
    assertThatThrownBy(
            () ->
                Notifier.builder()
                    .directory(directory)
                    .stores(db)
                    .digests(new InMemoryStores().digests())
                    .build())
        .hasMessageContaining("the outbox is durable but digests is in memory");
    assertThatThrownBy(
            () ->
                Notifier.builder()
                    .directory(directory)
                    .stores(db)
                    .timingStore(new InMemoryTimingStore())
                    .build())
        .hasMessageContaining("the outbox is durable but timings is in memory");
    assertThat(
            Notifier.builder()
                .directory(directory)
                .stores(db)
                .timingStore(new InMemoryTimingStore())
                .timings(u -> UserTiming.DEFAULT)
                .build())
        .as("a host's provider replaces the store: nothing is kept in memory")
        .isNotNull();
    Notifier n = Notifier.builder().directory(directory).stores(db).build();
    assertThat(n.outbox()).isSameAs(db.outbox());
    assertThat(n.inbox()).isSameAs(db.inbox());
    assertThat(
            Notifier.builder()
                .directory(directory)
                .outbox(db.outbox())
                .allowMixedDurability()
                .build())
        .isNotNull();
    assertThat(Notifier.builder().directory(directory).stores(new InMemoryStores()).build())
        .isNotNull();
  }

  @Test
  void aSavedTiming_isKeptInTheDatabase_forEveryInstance() {
    JdbcStores db = Databases.stores(Databases.h2());
    directory.putUser(new UserAccount("alice", LocalDate.of(2024, 1, 1), "alice@example.test"));
    Notifier one = Notifier.builder().directory(directory).stores(db).build();
    UserTiming twoMinutes = new UserTiming(QuietHours.NONE, Duration.ofMinutes(2), null);
    one.saveTiming("alice", twoMinutes);
    Notifier other = Notifier.builder().directory(directory).stores(db).build();
    assertThat(other.timingOf("alice")).isEqualTo(twoMinutes);
    assertThat(db.timings().load("alice")).contains(twoMinutes);
  }

  @Test
  void withoutHistory_theOutboxRecordsNothing() throws Exception {
    DataSource h2 = Databases.h2();
    String prefix = Databases.freshPrefix();
    JdbcStores db = JdbcStores.builder(h2).tablePrefix(prefix).history(false).build();
    directory.putUser(new UserAccount("carol", LocalDate.of(2024, 1, 1), "carol@example.test"));
    Notifier n =
        Notifier.builder()
            .directory(directory)
            .stores(db)
            .transport(new RecordingTransport(Medium.EMAIL))
            .build();
    n.publish(new ConversationAssigned("a1", Instant.now(), "bob", "k1", "cust-1", "carol"));
    assertThat(n.deliverDue()).isEqualTo(1);
    assertThat(n.history().kept()).isFalse();
    try (Connection c = h2.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + prefix + "history")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
    JdbcStores kept = JdbcStores.builder(h2).tablePrefix(prefix).build();
    assertThat(kept.outbox().history().kept()).isTrue();
  }

  @Test
  void storesOfAnotherCatalog_areRefused_sayingWhereToGiveIt() {
    Catalog custom = Catalog.standard().toBuilder().build();
    JdbcStores db = JdbcStores.builder(Databases.h2()).tablePrefix(Databases.freshPrefix()).build();
    assertThatThrownBy(
            () ->
                Notifier.builder()
                    .directory(directory)
                    .engine(DecisionEngine.create(custom, DefaultTable.standard()))
                    .stores(db)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(JdbcStores) read settings and deliveries against another catalog")
        .hasMessageContaining("JdbcStores.builder(dataSource).catalog(engine.catalog())");
    JdbcStores same =
        JdbcStores.builder(Databases.h2())
            .tablePrefix(Databases.freshPrefix())
            .catalog(custom)
            .build();
    assertThat(
            Notifier.builder()
                .directory(directory)
                .engine(DecisionEngine.create(custom, DefaultTable.standard()))
                .stores(same)
                .build())
        .isNotNull();
  }
}
