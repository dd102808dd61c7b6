package dev.notify.testkit.memory;

import dev.notify.catalog.Presence;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryInboxStore;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.memory.SessionTracker;
import dev.notify.spi.Directory;
import dev.notify.spi.InboxStore;
import dev.notify.spi.PresenceProvider;
import dev.notify.spi.SettingsStore;
import dev.notify.testkit.kit.DirectoryCompatibilityKit;
import dev.notify.testkit.kit.InboxStoreCompatibilityKit;
import dev.notify.testkit.kit.PresenceProviderCompatibilityKit;
import dev.notify.testkit.kit.SettingsStoreCompatibilityKit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;

/** The in-memory implementations pass every compatibility kit. */
class InMemoryStoresTest {
  @Nested
  class InboxStoreTest extends InboxStoreCompatibilityKit {
    @Override
    protected InboxStore createStore() {
      return new InMemoryInboxStore();
    }
  }

  @Nested
  class SettingsStoreTest extends SettingsStoreCompatibilityKit {
    @Override
    protected SettingsStore createStore() {
      return new InMemorySettingsStore();
    }
  }

  @Nested
  class DirectoryTest extends DirectoryCompatibilityKit {
    @Override
    protected Directory createDirectory() {
      InMemoryDirectory d = new InMemoryDirectory().organizationCreatedOn(ORG);
      USERS.forEach(d::putUser);
      TEAMS.forEach(d::putTeam);
      FOLLOWERS.forEach(d::putFollowers);
      return d;
    }
  }

  @Nested
  class FixedPresenceTest extends PresenceProviderCompatibilityKit {
    @Override
    protected PresenceProvider createProvider() {
      return new FixedPresence().set("in", Presence.LOGGED_IN).set("out", Presence.LOGGED_OUT);
    }
  }

  @Nested
  class SessionTrackerKitTest extends PresenceProviderCompatibilityKit {
    @Override
    protected PresenceProvider createProvider() {
      SessionTracker t =
          new SessionTracker(Clock.fixed(Instant.parse("2024-05-01T09:00:00Z"), ZoneOffset.UTC));
      t.logIn("in");
      t.logIn("out");
      t.logOut("out");
      return t;
    }
  }
}
