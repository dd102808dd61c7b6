package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.action.ConversationAssigned;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.NotifierBuilder;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.testkit.kit.EntryIsolationKit;
import dev.notify.testkit.kit.FaultKitSupport;
import dev.notify.testkit.kit.PublishValidationKit;
import dev.notify.testkit.kit.RetentionKit;
import dev.notify.testkit.kit.WorkerFaultKit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fault kits on H2 and PostgreSQL, and the faults only a database has. */
@DisplayName("Faults on H2 and PostgreSQL")
class JdbcFaultsTest {
  static FaultKitSupport.Stores on(DataSource ds) {
    JdbcStores s = Databases.stores(ds);
    return new FaultKitSupport.Stores(s.outbox(), s.inbox(), s.actions(), s.digests());
  }

  @Nested
  @DisplayName("workers, H2")
  class H2Workers extends WorkerFaultKit {
    @Override
    protected Stores createStores() {
      return on(Databases.h2());
    }
  }

  @Nested
  @DisplayName("workers, PostgreSQL")
  class PostgresWorkers extends WorkerFaultKit {
    @Override
    protected Stores createStores() {
      return on(Databases.postgres());
    }
  }

  @Nested
  @DisplayName("entry isolation, H2")
  class H2Isolation extends EntryIsolationKit {
    @Override
    protected Stores createStores() {
      return on(Databases.h2());
    }
  }

  @Nested
  @DisplayName("entry isolation, PostgreSQL")
  class PostgresIsolation extends EntryIsolationKit {
    @Override
    protected Stores createStores() {
      return on(Databases.postgres());
    }
  }

  @Nested
  @DisplayName("publish validation, H2")
  class H2Validation extends PublishValidationKit {
    @Override
    protected Stores createStores() {
      return on(Databases.h2());
    }
  }

  @Nested
  @DisplayName("publish validation, PostgreSQL")
  class PostgresValidation extends PublishValidationKit {
    @Override
    protected Stores createStores() {
      return on(Databases.postgres());
    }
  }

  @Nested
  @DisplayName("retention, H2")
  class H2Retention extends RetentionKit {
    @Override
    protected Stores createStores() {
      return on(Databases.h2());
    }
  }

  @Nested
  @DisplayName("retention, PostgreSQL")
  class PostgresRetention extends RetentionKit {
    @Override
    protected Stores createStores() {
      return on(Databases.postgres());
    }
  }

  /** An entry this instance cannot read, on the database of {@code which}. */
  @Nested
  @DisplayName("unreadable entries")
  class Unreadable {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void anUnreadableEntry_becomesADeadLetter_andTheRestOfItsBatchIsDelivered(String which)
        throws Exception {
      DataSource ds = which.equals("H2") ? Databases.h2() : Databases.postgres();
      String prefix = Databases.freshPrefix();
      JdbcStores s = JdbcStores.builder(ds).tablePrefix(prefix).build();
      FaultKitSupport.Stores stores =
          new FaultKitSupport.Stores(s.outbox(), s.inbox(), s.actions(), s.digests());
      Support kit = new Support(stores);
      Notifier n = kit.builder().batchSize(50).build();
      Set<String> ids = new TreeSet<>();
      for (int i = 0; i < 20; i++) {
        n.publish(
            new ConversationAssigned(
                "un" + i, Instant.now(), "boss", "k" + i, "cust-" + i, "u" + i));
        ids.add("un" + i + "/u" + i + "/email");
      }
      // Written by a newer version, or an option since removed from the catalog.
      try (Connection c = ds.getConnection();
          PreparedStatement ps =
              c.prepareStatement("UPDATE " + prefix + "outbox SET payload = ? WHERE id = ?")) {
        ps.setString(1, "{\"v\":99,\"option\":\"removed.option\"}");
        ps.setString(2, "un3/u3/email");
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (DeliveryWorkers w = n.startWorkers(2, Duration.ofMillis(50))) {
        Set<String> others = new TreeSet<>(ids);
        others.remove("un3/u3/email");
        kit.awaitAll(others);
        Support.until("the dead letter", () -> !n.deadLetters(0, 10).isEmpty());
      }
      List<DeadLetter> dead = n.deadLetters(0, 10);
      assertThat(dead)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.id()).isEqualTo("un3/u3/email");
                assertThat(d.entry()).as("unreadable here").isNull();
                assertThat(d.readable()).isFalse();
                assertThat(d.medium()).isEqualTo("email");
                assertThat(d.kind()).isEqualTo(TransportException.Kind.PERMANENT);
                assertThat(d.message()).contains("cannot be read against this catalog");
              });
      assertThat(n.redriveAll()).as("redrivable, though unreadable").isEqualTo(1);
      assertThat(n.deliverDue()).as("claimed, and dead again at once").isZero();
      assertThat(n.deadLetters(0, 10)).hasSize(1);
      assertThat(n.purgeDeadLetters(Instant.now().plusSeconds(1), null, null)).isEqualTo(1);
      assertThat(n.deadLetters(0, 10)).isEmpty();
    }

    @Test
    void aFrozenDatabase_failsAPublishWithinTheQueryTimeout() throws Exception {
      DataSource ds = Databases.postgres();
      String prefix = Databases.freshPrefix();
      JdbcStores s =
          JdbcStores.builder(ds).tablePrefix(prefix).queryTimeout(Duration.ofSeconds(1)).build();
      Support kit =
          new Support(new FaultKitSupport.Stores(s.outbox(), s.inbox(), s.actions(), s.digests()));
      Notifier n = kit.builder().build();
      try (Connection locker = ds.getConnection()) {
        locker.setAutoCommit(false);
        try (Statement st = locker.createStatement()) {
          st.execute("LOCK TABLE " + prefix + "outbox IN ACCESS EXCLUSIVE MODE");
        }
        assertThatThrownBy(
                () ->
                    n.publish(
                        new ConversationAssigned(
                            "fz1", Instant.now(), "boss", "k1", "cust-1", "u1")))
            .isInstanceOf(JdbcStoreException.class)
            .hasMessageContaining("enqueue in the outbox")
            .hasMessageContaining("query timeout of 1 s (timed out)");
        locker.rollback();
      }
      n.publish(new ConversationAssigned("fz1", Instant.now(), "boss", "k1", "cust-1", "u1"));
      assertThat(n.deliverDue()).isEqualTo(1);
    }
  }

  /** The kit's helpers outside a kit. */
  static final class Support extends FaultKitSupport {
    private final Stores given;

    Support(Stores given) {
      this.given = given;
      this.stores = given;
      this.directory = new InMemoryDirectory();
      for (int i = 0; i < AGENTS; i++) {
        directory.putUser(new UserAccount("u" + i, null, "u" + i + "@example.test"));
      }
      this.email = new Recording();
    }

    @Override
    protected Stores createStores() {
      return given;
    }

    NotifierBuilder builder() {
      return notifier();
    }

    static void until(String what, BooleanSupplier done) {
      await(what, done);
    }

    void awaitAll(Set<String> ids) {
      awaitDelivered(ids);
    }
  }
}
