package dev.notify.testkit.memory;

import dev.notify.memory.InMemoryActionLog;
import dev.notify.memory.InMemoryDigestBook;
import dev.notify.memory.InMemoryInboxStore;
import dev.notify.memory.InMemoryOutbox;
import dev.notify.testkit.kit.EntryIsolationKit;
import dev.notify.testkit.kit.FaultKitSupport;
import dev.notify.testkit.kit.PublishValidationKit;
import dev.notify.testkit.kit.RetentionKit;
import dev.notify.testkit.kit.WorkerFaultKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The fault kits on the in-memory stores. */
@DisplayName("Faults on the in-memory stores")
class InMemoryFaultsTest {
  static FaultKitSupport.Stores memory() {
    return new FaultKitSupport.Stores(
        new InMemoryOutbox(),
        new InMemoryInboxStore(),
        new InMemoryActionLog(),
        new InMemoryDigestBook());
  }

  @Nested
  @DisplayName("workers, memory")
  class Workers extends WorkerFaultKit {
    @Override
    protected Stores createStores() {
      return memory();
    }
  }

  @Nested
  @DisplayName("entry isolation, memory")
  class Isolation extends EntryIsolationKit {
    @Override
    protected Stores createStores() {
      return memory();
    }
  }

  @Nested
  @DisplayName("publish validation, memory")
  class Validation extends PublishValidationKit {
    @Override
    protected Stores createStores() {
      return memory();
    }
  }

  @Nested
  @DisplayName("retention, memory")
  class Retention extends RetentionKit {
    @Override
    protected Stores createStores() {
      return memory();
    }
  }
}
