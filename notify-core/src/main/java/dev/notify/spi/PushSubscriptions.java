package dev.notify.spi;

import java.net.URI;
import java.util.List;

/**
 * Users' Web Push subscriptions, many per user (one per browser or device), keyed by endpoint.
 *
 * <p><b>Threading:</b> safe for concurrent calls. <b>Blocking:</b> may block (a database); {@link
 * #of} runs on the web push transport's attempt thread. <b>Failures:</b> an unchecked exception
 * fails that call; nothing half-done is kept.
 *
 * @since 0.3.0
 */
public interface PushSubscriptions {
  /** The most subscriptions one user keeps: a new one beyond them replaces their oldest. */
  int MAX_PER_USER = 20;

  /**
   * Keeps {@code subscription}: a new endpoint is added, a known one is replaced (a browser that
   * subscribes again, or whose keys changed; it may now belong to another user).
   */
  void subscribe(PushSubscription subscription);

  /**
   * Removes the subscription of {@code endpoint} if it is {@code userId}'s (the browser
   * unsubscribed).
   *
   * @return whether one was removed
   */
  boolean unsubscribe(String userId, URI endpoint);

  /**
   * Removes the subscription of {@code endpoint}, whoever's it is: its push service said it is gone
   * (404, 410).
   *
   * @return whether one was removed
   */
  boolean remove(URI endpoint);

  /** The user's subscriptions, oldest first. */
  List<PushSubscription> of(String userId);
}
