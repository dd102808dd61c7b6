package dev.notify.testkit.memory;

import dev.notify.memory.InMemoryOrganizationStore;
import dev.notify.spi.OrganizationStore;
import dev.notify.testkit.kit.OrganizationStoreCompatibilityKit;

class InMemoryOrganizationStoreTest extends OrganizationStoreCompatibilityKit {
  @Override
  protected OrganizationStore createStore() {
    return new InMemoryOrganizationStore();
  }
}
