package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.spi.ActionLog;
import dev.notify.spi.DigestBook;
import dev.notify.spi.InboxStore;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.PresenceProvider;
import dev.notify.spi.PushSubscriptions;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.TimingStore;
import dev.notify.testkit.kit.ActionLogCompatibilityKit;
import dev.notify.testkit.kit.DeliveryHistoryCompatibilityKit;
import dev.notify.testkit.kit.DigestBookCompatibilityKit;
import dev.notify.testkit.kit.EntryIsolationKit;
import dev.notify.testkit.kit.FaultKitSupport;
import dev.notify.testkit.kit.InboxStoreCompatibilityKit;
import dev.notify.testkit.kit.OrganizationStoreCompatibilityKit;
import dev.notify.testkit.kit.OutboxCompatibilityKit;
import dev.notify.testkit.kit.PresenceProviderCompatibilityKit;
import dev.notify.testkit.kit.PublishValidationKit;
import dev.notify.testkit.kit.PushSubscriptionsCompatibilityKit;
import dev.notify.testkit.kit.RetentionKit;
import dev.notify.testkit.kit.SettingsStoreCompatibilityKit;
import dev.notify.testkit.kit.TimingStoreCompatibilityKit;
import dev.notify.testkit.kit.WorkerFaultKit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;

/**
 * Every kit on PostgreSQL with notify's tables hash-partitioned by their distribution keys — the
 * constraint Citus puts on keys: no primary key or unique index without the key — and then the
 * check over every statement the kits made: each names its table's key or says why it crosses
 * shards (docs/scaling.md).
 */
@DisplayName("PostgreSQL, tables hash-partitioned by their distribution keys")
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class PartitionedSchemaTest {
  static FaultKitSupport.Stores faultStores() {
    JdbcStores s = Partitioned.stores();
    return new FaultKitSupport.Stores(s.outbox(), s.inbox(), s.actions(), s.digests());
  }

  @Nested
  @Order(1)
  @DisplayName("outbox, partitioned PostgreSQL")
  class PartitionedOutbox extends OutboxCompatibilityKit {
    @Override
    protected Outbox createOutbox() {
      return Partitioned.stores().outbox();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("delivery history, partitioned PostgreSQL")
  class PartitionedHistory extends DeliveryHistoryCompatibilityKit {
    @Override
    protected Outbox createOutbox() {
      return Partitioned.stores().outbox();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("web push subscriptions, partitioned PostgreSQL")
  class PartitionedPushSubscriptions extends PushSubscriptionsCompatibilityKit {
    @Override
    protected PushSubscriptions createStore() {
      return Partitioned.stores().pushSubscriptions();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("inbox, partitioned PostgreSQL")
  class PartitionedInbox extends InboxStoreCompatibilityKit {
    @Override
    protected InboxStore createStore() {
      return Partitioned.stores().inbox();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("digests, partitioned PostgreSQL")
  class PartitionedDigests extends DigestBookCompatibilityKit {
    @Override
    protected DigestBook createBook() {
      return Partitioned.stores().digests();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("settings, partitioned PostgreSQL")
  class PartitionedSettings extends SettingsStoreCompatibilityKit {
    @Override
    protected SettingsStore createStore() {
      return Partitioned.stores().settings();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("timings, partitioned PostgreSQL")
  class PartitionedTimings extends TimingStoreCompatibilityKit {
    @Override
    protected TimingStore createStore() {
      return Partitioned.stores().timings();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("organisations, partitioned PostgreSQL")
  class PartitionedOrganizations extends OrganizationStoreCompatibilityKit {
    @Override
    protected OrganizationStore createStore() {
      return Partitioned.stores().organizations();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("action log, partitioned PostgreSQL")
  class PartitionedActions extends ActionLogCompatibilityKit {
    @Override
    protected ActionLog createLog() {
      return Partitioned.stores().actions();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("presence, partitioned PostgreSQL")
  class PartitionedPresence extends PresenceProviderCompatibilityKit {
    @Override
    protected PresenceProvider createProvider() {
      JdbcPresence p = Partitioned.stores().presence();
      p.logIn("in");
      p.logIn("out");
      p.logOut("out");
      return p;
    }
  }

  @Nested
  @Order(1)
  @DisplayName("workers, partitioned PostgreSQL")
  class PartitionedWorkers extends WorkerFaultKit {
    @Override
    protected Stores createStores() {
      return faultStores();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("entry isolation, partitioned PostgreSQL")
  class PartitionedIsolation extends EntryIsolationKit {
    @Override
    protected Stores createStores() {
      return faultStores();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("publish validation, partitioned PostgreSQL")
  class PartitionedValidation extends PublishValidationKit {
    @Override
    protected Stores createStores() {
      return faultStores();
    }
  }

  @Nested
  @Order(1)
  @DisplayName("retention, partitioned PostgreSQL")
  class PartitionedRetention extends RetentionKit {
    @Override
    protected Stores createStores() {
      return faultStores();
    }
  }

  @Nested
  @Order(2)
  @DisplayName("the statements the kits made")
  class HotStatements {
    @Test
    void everyStatement_namesItsTablesKey_orSaysWhyItCrossesShards() {
      assertThat(Partitioned.STATEMENTS)
          .as("the kits ran (claims included) before this check")
          .hasSizeGreaterThan(50)
          .anyMatch(s -> s.contains("FOR UPDATE SKIP LOCKED"));
      List<String> unkeyed = Partitioned.unkeyed(Partitioned.STATEMENTS);
      assertThat(unkeyed)
          .as("statements without their table's distribution key (docs/scaling.md)")
          .isEmpty();
    }

    @Test
    void theCheck_findsAStatementWithoutItsKey() {
      assertThat(
              Partitioned.unkeyed(
                  Set.of(
                      "UPDATE t1_outbox SET due_at = ? WHERE id = ?",
                      "UPDATE t1_outbox SET due_at = ? WHERE bucket = ? AND id = ?",
                      "DELETE FROM t1_inbox /* cross-shard: retention */ WHERE created_at < ?",
                      "INSERT INTO t1_timings (user_id, body) VALUES (?, ?)",
                      "INSERT INTO t1_digest_items (delivery_id, digest_id) VALUES (?, ?)")))
          .containsExactlyInAnyOrder(
              "INSERT INTO notify_digest_items (delivery_id, digest_id) VALUES (?, ?)",
              "UPDATE notify_outbox SET due_at = ? WHERE id = ?");
    }
  }
}
