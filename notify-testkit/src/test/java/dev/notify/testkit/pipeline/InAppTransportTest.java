package dev.notify.testkit.pipeline;

import dev.notify.memory.InMemoryInboxStore;
import dev.notify.memory.ManualClock;
import dev.notify.pipeline.InAppTransport;
import dev.notify.spi.Delivery;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxItem;
import dev.notify.spi.Transport;
import dev.notify.testkit.kit.TransportCompatibilityKit;
import java.time.Instant;

/** The in-app transport passes the transport kit; its "broken peer" is a listener that fails. */
class InAppTransportTest extends TransportCompatibilityKit {
  private final InMemoryInboxStore inbox = new InMemoryInboxStore();
  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T09:00:00Z"));

  @Override
  protected Transport createTransport() {
    return new InAppTransport(inbox, InAppListener.NONE, clock);
  }

  @Override
  protected Transport createBrokenTransport() {
    return new InAppTransport(
        inbox,
        (item, popup, sound) -> {
          throw new IllegalStateException("websocket closed");
        },
        clock);
  }

  @Override
  protected boolean arrived(Delivery delivery) {
    return inbox.page(delivery.recipient().id(), 0, 100).stream()
        .map(InboxItem::id)
        .anyMatch(delivery.id()::equals);
  }
}
