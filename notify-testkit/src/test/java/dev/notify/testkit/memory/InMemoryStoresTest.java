package dev.notify.testkit.memory;

import dev.notify.catalog.Presence;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryInboxStore;
import dev.notify.memory.InMemoryPushSubscriptions;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.memory.SessionTracker;
import dev.notify.spi.Directory;
import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import dev.notify.spi.PresenceProvider;
import dev.notify.spi.PushSubscriptions;
import dev.notify.spi.SettingsStore;
import dev.notify.testkit.kit.DirectoryCompatibilityKit;
import dev.notify.testkit.kit.InboxStoreCompatibilityKit;
import dev.notify.testkit.kit.PresenceProviderCompatibilityKit;
import dev.notify.testkit.kit.PushSubscriptionsCompatibilityKit;
import dev.notify.testkit.kit.SettingsStoreCompatibilityKit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
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

  /**
   * A store of a host's own that implements only what it must: the SPI's defaults ({@code find},
   * {@code unreadPage}, a tab's {@code unreadPage}) pass the kit over it.
   */
  @Nested
  class InboxStoreDefaultsTest extends InboxStoreCompatibilityKit {
    @Override
    protected InboxStore createStore() {
      InMemoryInboxStore s = new InMemoryInboxStore();
      return new InboxStore() {
        @Override
        public boolean append(InboxItem item) {
          return s.append(item);
        }

        @Override
        public List<InboxItem> page(String userId, int offset, int limit) {
          return s.page(userId, offset, limit);
        }

        @Override
        public long unreadCount(String userId) {
          return s.unreadCount(userId);
        }

        @Override
        public boolean markRead(String userId, String itemId) {
          return s.markRead(userId, itemId);
        }

        @Override
        public int markAllRead(String userId) {
          return s.markAllRead(userId);
        }

        @Override
        public long unseenCount(String userId) {
          return s.unseenCount(userId);
        }

        @Override
        public int markSeen(String userId, InboxFilter filter) {
          return s.markSeen(userId, filter);
        }

        @Override
        public int markRead(String userId, InboxFilter filter) {
          return s.markRead(userId, filter);
        }

        @Override
        public int archive(String userId, InboxFilter filter) {
          return s.archive(userId, filter);
        }

        @Override
        public List<InboxItem> archivedPage(String userId, int offset, int limit) {
          return s.archivedPage(userId, offset, limit);
        }

        @Override
        public int snooze(String userId, InboxFilter filter, Instant until) {
          return s.snooze(userId, filter, until);
        }

        @Override
        public Optional<InboxItem> wake(String userId, String itemId, Instant until) {
          return s.wake(userId, itemId, until);
        }

        @Override
        public List<InboxItem> snoozedPage(String userId, int offset, int limit) {
          return s.snoozedPage(userId, offset, limit);
        }

        @Override
        public int deleteCreatedBefore(Instant cutoff) {
          return s.deleteCreatedBefore(cutoff);
        }
      };
    }
  }

  @Nested
  class PushSubscriptionsTest extends PushSubscriptionsCompatibilityKit {
    @Override
    protected PushSubscriptions createStore() {
      return new InMemoryPushSubscriptions();
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
