package dev.notify.testkit.memory;

import dev.notify.memory.InMemoryActionLog;
import dev.notify.spi.ActionLog;
import dev.notify.testkit.kit.ActionLogCompatibilityKit;

class InMemoryActionLogTest extends ActionLogCompatibilityKit {
  @Override
  protected ActionLog createLog() {
    return new InMemoryActionLog();
  }
}
