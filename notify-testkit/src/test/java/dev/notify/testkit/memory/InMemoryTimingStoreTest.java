package dev.notify.testkit.memory;

import dev.notify.memory.InMemoryTimingStore;
import dev.notify.spi.TimingStore;
import dev.notify.testkit.kit.TimingStoreCompatibilityKit;

class InMemoryTimingStoreTest extends TimingStoreCompatibilityKit {
  @Override
  protected TimingStore createStore() {
    return new InMemoryTimingStore();
  }
}
