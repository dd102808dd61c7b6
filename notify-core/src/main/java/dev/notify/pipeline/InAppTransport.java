package dev.notify.pipeline;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import dev.notify.spi.Delivery;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import java.time.Clock;
import java.time.Instant;

/**
 * The {@code in_app} transport: appends the notification to the recipient's inbox (the badge and
 * unread panel), then tells the host's {@link InAppListener} what to show — pop-up or not, which
 * sound. Appending is idempotent per delivery id. Thread-safe if the store and listener are.
 *
 * @since 0.1.0
 */
public final class InAppTransport implements Transport {
  private final InboxStore inbox;
  private final InAppListener listener;
  private final Clock clock;

  /**
   * A transport into {@code inbox}.
   *
   * @param inbox where notifications go
   * @param listener told of each new notification; {@link InAppListener#NONE} for none
   * @param clock stamps the notifications
   */
  public InAppTransport(InboxStore inbox, InAppListener listener, Clock clock) {
    this.inbox = Checks.notNull(inbox, "inbox");
    this.listener = Checks.notNull(listener, "listener");
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public Medium medium() {
    return Medium.IN_APP;
  }

  @Override
  public void deliver(Delivery delivery) {
    write(delivery);
  }

  /**
   * Appends the notification unless the inbox has it already (same delivery id), and tells the
   * listener of a new one.
   *
   * @return whether this call added it
   * @throws TransportException ({@code PERMANENT}) when the listener failed; the notification is in
   *     the inbox all the same
   */
  public boolean write(Delivery delivery) {
    Checks.notNull(delivery, "delivery");
    return write(delivery, delivery.action().describe(), clock.instant());
  }

  /** {@link #write(Delivery)} with the action's text and the time made once for a whole publish. */
  boolean write(Delivery delivery, String text, Instant createdAt) {
    InboxItem item =
        new InboxItem(
            delivery.id(),
            delivery.recipient().id(),
            delivery.action().id(),
            delivery.option().id(),
            text,
            createdAt,
            false,
            false,
            false,
            delivery.reason().explain());
    if (!inbox.append(item)) {
      return false;
    }
    try {
      listener.show(item, delivery);
      return true;
    } catch (RuntimeException e) {
      // The item is in the inbox, so the badge is right; only the live push failed.
      throw new TransportException(
          TransportException.Kind.PERMANENT, "in-app listener failed: " + e, e);
    }
  }
}
