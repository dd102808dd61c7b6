package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.HistoryFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The history an {@link InMemoryOutbox} keeps: events recorded under the outbox's lock, in the same
 * step as the change they record. Read through {@link InMemoryOutbox#history()}. Thread-safe.
 */
final class InMemoryDeliveryHistory implements DeliveryHistory {
  private final Object lock;
  private final List<HistoryEvent> events = new ArrayList<>();
  private long seq;

  InMemoryDeliveryHistory(Object lock) {
    this.lock = lock;
  }

  /** Records an event; the caller holds the lock. */
  void record(
      String deliveryId,
      Instant at,
      HistoryEvent.Kind kind,
      @Nullable Instant due,
      String detail,
      @Nullable String worker) {
    events.add(new HistoryEvent(++seq, deliveryId, at, kind, due, detail, worker));
  }

  @Override
  public List<HistoryEvent> of(String deliveryId) {
    Checks.notNull(deliveryId, "deliveryId");
    synchronized (lock) {
      List<HistoryEvent> out = new ArrayList<>();
      for (HistoryEvent e : events) {
        if (e.deliveryId().equals(deliveryId)) {
          out.add(e);
        }
      }
      return out;
    }
  }

  @Override
  public List<HistoryEvent> ofAction(String actionId) {
    Checks.notNull(actionId, "actionId");
    synchronized (lock) {
      List<HistoryEvent> out = new ArrayList<>();
      for (HistoryEvent e : events) {
        if (e.actionId().equals(actionId)) {
          out.add(e);
        }
      }
      return out;
    }
  }

  @Override
  public List<HistoryEvent> ofUser(String userId, @Nullable HistoryEvent before, int limit) {
    Checks.notNull(userId, "userId");
    Checks.argument(limit > 0, "limit must be positive, got %s", limit);
    synchronized (lock) {
      List<HistoryEvent> out = new ArrayList<>();
      for (int i = events.size() - 1; i >= 0 && out.size() < limit; i--) {
        HistoryEvent e = events.get(i);
        if (e.userId().equals(userId) && (before == null || e.seq() < before.seq())) {
          out.add(e);
        }
      }
      return out;
    }
  }

  @Override
  public List<HistoryEvent> find(HistoryFilter filter, @Nullable HistoryEvent before, int limit) {
    Checks.notNull(filter, "filter");
    Checks.argument(limit > 0, "limit must be positive, got %s", limit);
    synchronized (lock) {
      List<HistoryEvent> out = new ArrayList<>();
      // Newest first: the first event seen of a delivery is its last.
      Set<String> seen = new HashSet<>();
      for (int i = events.size() - 1; i >= 0 && out.size() < limit; i--) {
        HistoryEvent e = events.get(i);
        boolean last = seen.add(e.deliveryId());
        if ((before == null || e.seq() < before.seq())
            && (last || !filter.currentOnly())
            && filter.matches(e)) {
          out.add(e);
        }
      }
      return out;
    }
  }

  @Override
  public int forgetBefore(Instant cutoff, int limit) {
    Checks.notNull(cutoff, "cutoff");
    Checks.argument(limit > 0, "limit must be positive, got %s", limit);
    synchronized (lock) {
      // One pass that keeps the rest in order (an ArrayList's remove per event was quadratic).
      List<HistoryEvent> kept = new ArrayList<>(events.size());
      int n = 0;
      for (HistoryEvent e : events) {
        if (n < limit && e.at().isBefore(cutoff)) {
          n++;
        } else {
          kept.add(e);
        }
      }
      events.clear();
      events.addAll(kept);
      return n;
    }
  }
}
