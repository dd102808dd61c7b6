package dev.notify.jdbc;

import dev.notify.catalog.Presence;
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
import dev.notify.testkit.kit.InboxStoreCompatibilityKit;
import dev.notify.testkit.kit.OrganizationStoreCompatibilityKit;
import dev.notify.testkit.kit.OutboxCompatibilityKit;
import dev.notify.testkit.kit.PresenceProviderCompatibilityKit;
import dev.notify.testkit.kit.PushSubscriptionsCompatibilityKit;
import dev.notify.testkit.kit.SettingsStoreCompatibilityKit;
import dev.notify.testkit.kit.TimingStoreCompatibilityKit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;

/** Every store passes the same kits as the in-memory ones, on H2 and on PostgreSQL. */
class StoresCompatibilityTest {
  static PresenceProvider presence(DataSource ds) {
    JdbcPresence p = Databases.stores(ds).presence();
    p.logIn("in");
    p.logIn("out");
    p.logOut("out");
    return p;
  }

  @Nested
  class H2PushSubscriptions extends PushSubscriptionsCompatibilityKit {
    @Override
    protected PushSubscriptions createStore() {
      return Databases.stores(Databases.h2()).pushSubscriptions();
    }
  }

  @Nested
  class PostgresPushSubscriptions extends PushSubscriptionsCompatibilityKit {
    @Override
    protected PushSubscriptions createStore() {
      return Databases.stores(Databases.postgres()).pushSubscriptions();
    }
  }

  @Nested
  class H2Organizations extends OrganizationStoreCompatibilityKit {
    @Override
    protected OrganizationStore createStore() {
      return Databases.stores(Databases.h2()).organizations();
    }
  }

  @Nested
  class PostgresOrganizations extends OrganizationStoreCompatibilityKit {
    @Override
    protected OrganizationStore createStore() {
      return Databases.stores(Databases.postgres()).organizations();
    }
  }

  @Nested
  class H2History extends DeliveryHistoryCompatibilityKit {
    @Override
    protected Outbox createOutbox() {
      return Databases.stores(Databases.h2()).outbox();
    }
  }

  @Nested
  class PostgresHistory extends DeliveryHistoryCompatibilityKit {
    @Override
    protected Outbox createOutbox() {
      return Databases.stores(Databases.postgres()).outbox();
    }
  }

  @Nested
  class H2Timings extends TimingStoreCompatibilityKit {
    @Override
    protected TimingStore createStore() {
      return Databases.stores(Databases.h2()).timings();
    }
  }

  @Nested
  class PostgresTimings extends TimingStoreCompatibilityKit {
    @Override
    protected TimingStore createStore() {
      return Databases.stores(Databases.postgres()).timings();
    }
  }

  @Nested
  class H2Actions extends ActionLogCompatibilityKit {
    @Override
    protected ActionLog createLog() {
      return Databases.stores(Databases.h2()).actions();
    }
  }

  @Nested
  class PostgresActions extends ActionLogCompatibilityKit {
    @Override
    protected ActionLog createLog() {
      return Databases.stores(Databases.postgres()).actions();
    }
  }

  @Nested
  class H2Digests extends DigestBookCompatibilityKit {
    @Override
    protected DigestBook createBook() {
      return Databases.stores(Databases.h2()).digests();
    }
  }

  @Nested
  class PostgresDigests extends DigestBookCompatibilityKit {
    @Override
    protected DigestBook createBook() {
      return Databases.stores(Databases.postgres()).digests();
    }
  }

  @Nested
  class H2Outbox extends OutboxCompatibilityKit {
    @Override
    protected Outbox createOutbox() {
      return Databases.stores(Databases.h2()).outbox();
    }
  }

  @Nested
  class PostgresOutbox extends OutboxCompatibilityKit {
    @Override
    protected Outbox createOutbox() {
      return Databases.stores(Databases.postgres()).outbox();
    }
  }

  @Nested
  class H2Settings extends SettingsStoreCompatibilityKit {
    @Override
    protected SettingsStore createStore() {
      return Databases.stores(Databases.h2()).settings();
    }
  }

  @Nested
  class PostgresSettings extends SettingsStoreCompatibilityKit {
    @Override
    protected SettingsStore createStore() {
      return Databases.stores(Databases.postgres()).settings();
    }
  }

  @Nested
  class H2Inbox extends InboxStoreCompatibilityKit {
    @Override
    protected InboxStore createStore() {
      return Databases.stores(Databases.h2()).inbox();
    }
  }

  @Nested
  class PostgresInbox extends InboxStoreCompatibilityKit {
    @Override
    protected InboxStore createStore() {
      return Databases.stores(Databases.postgres()).inbox();
    }
  }

  @Nested
  class H2Presence extends PresenceProviderCompatibilityKit {
    @Override
    protected PresenceProvider createProvider() {
      return presence(Databases.h2());
    }
  }

  @Nested
  class PostgresPresence extends PresenceProviderCompatibilityKit {
    @Override
    protected PresenceProvider createProvider() {
      return presence(Databases.postgres());
    }
  }

  static final Presence UNUSED = Presence.LOGGED_IN;
}
