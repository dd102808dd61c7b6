package dev.notify.memory;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import dev.notify.spi.DeliveryLog;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe in-memory {@link DeliveryLog}, grouped by action: one map entry per action, and
 * per medium a compact set of the user ids already told (the directory's own id strings, so
 * claiming allocates no key). It keeps every claim for the life of the process; a host that runs for long
 * uses a persistent log with its own retention.
 *
 * @since 0.1.0
 */
public final class InMemoryDeliveryLog implements DeliveryLog {
  /**
   * One action's claims. Most actions reach a handful of users: their claims sit in two small
   * parallel arrays scanned linearly. A fan-out past {@value #SMALL} claims moves to one
   * open-addressing set of user ids per medium (the directory's own id strings, about 8 bytes a
   * claim and no node objects).
   */
  private static final class Ledger implements DeliveryLog.Claims {
    private static final int SMALL = 8;

    private String[] users = new String[SMALL];
    private Medium[] media = new Medium[SMALL];
    private int small;
    private Map<Medium, IdSet> large; // once past SMALL claims

    @Override
    public synchronized boolean claim(String userId, Medium medium) {
      if (large == null) {
        for (int i = 0; i < small; i++) {
          if (media[i].equals(medium) && users[i].equals(userId)) {
            return false;
          }
        }
        if (small < SMALL) {
          users[small] = userId;
          media[small] = medium;
          small++;
          return true;
        }
        large = new HashMap<>(4);
        for (int i = 0; i < small; i++) {
          large.computeIfAbsent(media[i], m -> new IdSet()).add(users[i]);
        }
        users = null;
        media = null;
      }
      return large.computeIfAbsent(medium, m -> new IdSet()).add(userId);
    }

    synchronized int size() {
      if (large == null) {
        return small;
      }
      int n = 0;
      for (IdSet s : large.values()) {
        n += s.size;
      }
      return n;
    }
  }

  /** A growable open-addressing hash set of strings (linear probing, at most half full). Not thread-safe. */
  private static final class IdSet {
    private String[] slots = new String[16];
    private int size;

    boolean add(String id) {
      if (2 * (size + 1) > slots.length) {
        grow();
      }
      int mask = slots.length - 1;
      for (int i = mix(id.hashCode()) & mask; ; i = (i + 1) & mask) {
        String s = slots[i];
        if (s == null) {
          slots[i] = id;
          size++;
          return true;
        }
        if (s.equals(id)) {
          return false;
        }
      }
    }

    private void grow() {
      String[] old = slots;
      slots = new String[old.length * 2];
      int mask = slots.length - 1;
      for (String s : old) {
        if (s != null) {
          int i = mix(s.hashCode()) & mask;
          while (slots[i] != null) {
            i = (i + 1) & mask;
          }
          slots[i] = s;
        }
      }
    }

    private static int mix(int h) {
      // Spread the bits: ids often differ only in their last characters.
      h *= 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }

  private final ConcurrentHashMap<String, Ledger> ledgers = new ConcurrentHashMap<>();

  /** An empty log. */
  public InMemoryDeliveryLog() {}

  @Override
  public boolean claim(String actionId, String userId, Medium medium) {
    Checks.notNull(actionId, "actionId");
    Checks.notNull(userId, "userId");
    Checks.notNull(medium, "medium");
    return forAction(actionId).claim(userId, medium);
  }

  /** The action's ledger itself: thread-safe, one lookup for a whole fan-out. */
  @Override
  public DeliveryLog.Claims forAction(String actionId) {
    Checks.notNull(actionId, "actionId");
    Ledger l = ledgers.get(actionId);
    return l != null ? l : ledgers.computeIfAbsent(actionId, a -> new Ledger());
  }

  /** How many deliveries were claimed. */
  public int size() {
    return ledgers.values().stream().mapToInt(Ledger::size).sum();
  }
}
