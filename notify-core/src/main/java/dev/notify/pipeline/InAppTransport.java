package dev.notify.pipeline;

import dev.notify.action.Action;
import dev.notify.catalog.Medium;
import dev.notify.engine.Reason;
import dev.notify.internal.Checks;
import dev.notify.internal.DeliveryIds;
import dev.notify.internal.InboxItems;
import dev.notify.spi.Delivery;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import java.time.Clock;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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
  private final Function<Delivery, String> reason;
  private final Function<Action, String> link;

  /**
   * A transport into {@code inbox}: each item's reason is {@link dev.notify.engine.Reason#explain},
   * and it points nowhere.
   *
   * @param inbox where notifications go
   * @param listener told of each new notification; {@link InAppListener#NONE} for none
   * @param clock stamps the notifications
   */
  public InAppTransport(InboxStore inbox, InAppListener listener, Clock clock) {
    this(inbox, listener, clock, DEFAULT_REASON, NO_LINK);
  }

  /** Each item's reason as {@link dev.notify.engine.Reason#explain} says it. */
  static final Function<Delivery, String> DEFAULT_REASON = d -> d.reason().explain();

  /** Items that point nowhere. */
  static final Function<Action, String> NO_LINK = a -> "";

  /**
   * A transport into {@code inbox} whose items carry the host's reason and link.
   *
   * @param reason writes each item's reason from its delivery (the host's words)
   * @param link writes where the items of an action point
   * @since 0.3.0
   */
  public InAppTransport(
      InboxStore inbox,
      InAppListener listener,
      Clock clock,
      Function<Delivery, String> reason,
      Function<Action, String> link) {
    this.inbox = Checks.notNull(inbox, "inbox");
    this.listener = Checks.notNull(listener, "listener");
    this.clock = Checks.notNull(clock, "clock");
    this.reason = Checks.notNull(reason, "reason");
    this.link = Checks.notNull(link, "link");
  }

  /** Where the items of {@code action} point, as the host's function says (never null). */
  String link(Action action) {
    return Checks.notNull(link.apply(action), "inAppLink's result");
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
    InboxItem item =
        itemOf(
            delivery, delivery.action().describe(), link(delivery.action()), clock.instant(), null);
    if (!inbox.append(item)) {
      return false;
    }
    tell(item, delivery);
    return true;
  }

  /** Appends a publish's items in one call of the inbox: for each, whether it was new. */
  boolean[] appendAll(List<InboxItem> items) {
    boolean[] added = inbox.appendAll(items);
    if (added.length != items.size()) {
      throw new IllegalStateException(
          "the inbox answered " + added.length + " of " + items.size() + " items");
    }
    return added;
  }

  /**
   * What a publish's items share, made once per publish: the action's id escaped for the item ids,
   * and the default reason's words once per engine reason (shared by every recipient decided alike)
   * instead of once per item.
   */
  static final class Memo {
    final String idPrefix;
    final Map<Reason, String> explained = new IdentityHashMap<>();

    Memo(String actionId) {
      this.idPrefix = DeliveryIds.prefix(actionId);
    }
  }

  /**
   * The item of {@code delivery} with the action's text, link and the time made once for a whole
   * publish. With {@code memo} (a publish's), the parts are the publish's, validated once for the
   * whole fan-out; without it, the item validates its parts.
   */
  InboxItem itemOf(
      Delivery delivery, String text, String link, Instant createdAt, @Nullable Memo memo) {
    if (memo != null) {
      // A publish's items: the action's id, text and link, the option and the users were
      // validated once for the whole fan-out; only the host's reason is new here.
      String why =
          reason == DEFAULT_REASON
              ? memo.explained.computeIfAbsent(delivery.reason(), Reason::explain)
              : Checks.notNull(reason.apply(delivery), "inAppReason's result");
      String userId = delivery.recipient().id();
      return InboxItems.trusted(
          InboxItem.class,
          DeliveryIds.after(memo.idPrefix, userId, delivery.medium().id()),
          userId,
          delivery.action().id(),
          delivery.option().id(),
          text,
          createdAt,
          why,
          link);
    }
    return new InboxItem(
        delivery.id(),
        delivery.recipient().id(),
        delivery.action().id(),
        delivery.option().id(),
        text,
        createdAt,
        false,
        false,
        false,
        Checks.notNull(reason.apply(delivery), "inAppReason's result"),
        link,
        null);
  }

  /**
   * Tells the listener of a new item.
   *
   * @throws TransportException ({@code PERMANENT}) when the listener failed; the notification is in
   *     the inbox all the same
   */
  void tell(InboxItem item, Delivery delivery) {
    try {
      listener.show(item, delivery);
    } catch (RuntimeException e) {
      // The item is in the inbox, so the badge is right; only the live push failed.
      throw new TransportException(
          TransportException.Kind.PERMANENT, "in-app listener failed: " + e, e);
    }
  }
}
