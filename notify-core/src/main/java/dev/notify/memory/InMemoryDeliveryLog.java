package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.DeliveryLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe in-memory {@link DeliveryLog}. It keeps every key for the life of the process;
 * a host that runs for long uses a persistent log with its own retention.
 *
 * @since 0.1.0
 */
public final class InMemoryDeliveryLog implements DeliveryLog {
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();

  /** An empty log. */
  public InMemoryDeliveryLog() {}

  @Override
  public boolean claim(String deliveryKey) {
    return claimed.add(Checks.notNull(deliveryKey, "deliveryKey"));
  }

  /** How many keys were claimed. */
  public int size() {
    return claimed.size();
  }
}
