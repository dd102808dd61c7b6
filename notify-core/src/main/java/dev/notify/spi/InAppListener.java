package dev.notify.spi;

import org.jspecify.annotations.Nullable;

/**
 * Told of every in-app notification right after it is in the inbox: the host's websocket pushes it
 * to the browser, popping it up and playing its sound if asked.
 *
 * <p><b>Threading:</b> called on the publishing thread, possibly concurrently. <b>Blocking:</b>
 * must not block for long. <b>Failures:</b> an exception is reported as a failed in-app delivery
 * (the item stays in the inbox; the badge is right).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface InAppListener {
  /** A listener that does nothing. */
  InAppListener NONE = (item, popup, sound) -> {};

  /**
   * Shows a notification.
   *
   * @param item the inbox item
   * @param popup whether it pops up
   * @param sound the tone to play, or {@code null}
   */
  void show(InboxItem item, boolean popup, @Nullable String sound);

  /**
   * Shows a notification, with the delivery it came from: its {@link Delivery#reason() reason} says
   * why the user is told, for a "why" beside the pop-up. The pipeline calls this one; the default
   * calls {@link #show(InboxItem, boolean, String)}.
   *
   * @since 0.2.0
   */
  default void show(InboxItem item, Delivery delivery) {
    show(item, delivery.popup(), delivery.sound());
  }
}
