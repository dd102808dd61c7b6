package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.PushSubscription;
import dev.notify.spi.PushSubscriptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Web Push subscriptions in memory, for tests and single-process hosts. Thread-safe (one lock: a
 * subscription changes rarely).
 *
 * @since 0.3.0
 */
public final class InMemoryPushSubscriptions implements PushSubscriptions {
  private final Map<URI, PushSubscription> byEndpoint = new LinkedHashMap<>();

  /** No subscription. */
  public InMemoryPushSubscriptions() {}

  @Override
  public synchronized void subscribe(PushSubscription subscription) {
    Checks.notNull(subscription, "subscription");
    byEndpoint.remove(subscription.endpoint());
    List<PushSubscription> mine = of(subscription.userId());
    if (mine.size() >= MAX_PER_USER) {
      byEndpoint.remove(mine.get(0).endpoint());
    }
    byEndpoint.put(subscription.endpoint(), subscription);
  }

  @Override
  public synchronized boolean unsubscribe(String userId, URI endpoint) {
    Checks.notNull(userId, "userId");
    Checks.notNull(endpoint, "endpoint");
    PushSubscription s = byEndpoint.get(endpoint);
    return s != null && s.userId().equals(userId) && byEndpoint.remove(endpoint) != null;
  }

  @Override
  public synchronized boolean remove(URI endpoint) {
    return byEndpoint.remove(Checks.notNull(endpoint, "endpoint")) != null;
  }

  @Override
  public synchronized List<PushSubscription> of(String userId) {
    Checks.notNull(userId, "userId");
    List<PushSubscription> mine = new ArrayList<>();
    for (PushSubscription s : byEndpoint.values()) {
      if (s.userId().equals(userId)) {
        mine.add(s);
      }
    }
    mine.sort(Comparator.comparing(PushSubscription::createdAt));
    return List.copyOf(mine);
  }
}
