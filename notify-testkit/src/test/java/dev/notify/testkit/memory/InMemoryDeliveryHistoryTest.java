package dev.notify.testkit.memory;

import dev.notify.memory.InMemoryOutbox;
import dev.notify.spi.Outbox;
import dev.notify.testkit.kit.DeliveryHistoryCompatibilityKit;

class InMemoryDeliveryHistoryTest extends DeliveryHistoryCompatibilityKit {
  @Override
  protected Outbox createOutbox() {
    return new InMemoryOutbox();
  }
}
