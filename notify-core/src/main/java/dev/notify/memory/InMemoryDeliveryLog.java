package dev.notify.memory;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe in-memory {@link DeliveryLog}, grouped by action: one map entry per action, and per
 * medium a compact set of the user ids already told (the directory's own id strings, so claiming
 * allocates no key).
 *
 * <p>Its memory is bounded: past {@code maxClaims} claims it forgets the oldest actions, so the
 * idempotency window is the last {@code maxClaims} deliveries (a re-publish of an action older than
 * that delivers again). It never forgets the action that is claiming, so one action with more
 * deliveries than the bound is remembered whole, until newer actions push it out. A host that needs
 * a longer window uses a persistent log.
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

    private final InMemoryDeliveryLog log;

    private String[] users = new String[SMALL];
    private Medium[] media = new Medium[SMALL];
    private int small;
    private Map<Medium, IdSet> large; // once past SMALL claims
    private int expected; // the size new per-medium sets start for
    // A fan-out claims medium after medium of the same few: skip hashing the medium each time.
    private Medium lastMedium;
    private IdSet lastSet;

    Ledger(InMemoryDeliveryLog log) {
      this.log = log;
    }

    @Override
    public boolean claim(String userId, Medium medium) {
      boolean won;
      synchronized (this) {
        won = add(userId, medium);
      }
      if (won) {
        log.counted(this, 1);
      }
      return won;
    }

    @Override
    public boolean[] claimAll(List<Delivery> deliveries) {
      boolean[] won = new boolean[deliveries.size()];
      int n = 0;
      synchronized (this) {
        if (large == null && small + won.length > SMALL) {
          goLarge(small + won.length);
        }
        for (int i = 0; i < won.length; i++) {
          Delivery d = deliveries.get(i);
          if (won[i] = add(d.recipient().id(), d.medium())) {
            n++;
          }
        }
      }
      log.counted(this, n);
      return won;
    }

    private boolean add(String userId, Medium medium) {
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
        goLarge(2 * SMALL);
      }
      if (medium != lastMedium) {
        lastSet = large.computeIfAbsent(medium, m -> new IdSet(expected));
        lastMedium = medium;
      }
      return lastSet.add(userId);
    }

    /** Moves to one set per medium, sized for {@code claims} claims so a fan-out never rehashes. */
    private void goLarge(int claims) {
      expected = claims;
      large = new HashMap<>(4);
      for (int i = 0; i < small; i++) {
        large.computeIfAbsent(media[i], m -> new IdSet(expected)).add(users[i]);
      }
      users = null;
      media = null;
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

  /**
   * A growable open-addressing hash set of strings (linear probing, at most half full). Not
   * thread-safe.
   */
  private static final class IdSet {
    private String[] slots;
    private int size;

    IdSet(int expected) {
      // At most half full: the next power of two at or above twice the expected size.
      slots = new String[Math.max(16, Integer.highestOneBit(Math.max(1, 2 * expected - 1)) << 1)];
    }

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

  /** The default bound: one million claims, a few tens of megabytes at most. */
  public static final long DEFAULT_MAX_CLAIMS = 1_000_000;

  private final ConcurrentHashMap<String, Ledger> ledgers = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> oldestFirst = new ConcurrentLinkedQueue<>();
  private final AtomicLong claims = new AtomicLong();
  private final long maxClaims;

  /** An empty log that remembers the last {@value #DEFAULT_MAX_CLAIMS} claims. */
  public InMemoryDeliveryLog() {
    this(DEFAULT_MAX_CLAIMS);
  }

  /**
   * An empty log that remembers the last {@code maxClaims} claims (at least).
   *
   * @param maxClaims positive
   */
  public InMemoryDeliveryLog(long maxClaims) {
    Checks.argument(maxClaims > 0, "maxClaims must be positive, got %d", maxClaims);
    this.maxClaims = maxClaims;
  }

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
    if (l != null) {
      return l;
    }
    Ledger created = new Ledger(this);
    l = ledgers.putIfAbsent(actionId, created);
    if (l != null) {
      return l;
    }
    oldestFirst.add(actionId);
    return created;
  }

  /**
   * Counts new claims and forgets the oldest actions past the bound, never the action claiming:
   * forgetting it mid-publish would let the next publish of it deliver again.
   */
  private void counted(Ledger claiming, int newClaims) {
    if (newClaims == 0 || claims.addAndGet(newClaims) <= maxClaims) {
      return;
    }
    synchronized (oldestFirst) {
      String oldest;
      while (claims.get() > maxClaims && (oldest = oldestFirst.peek()) != null) {
        if (ledgers.get(oldest) == claiming) {
          // The claiming action is the oldest left: it alone is past the bound; keep it.
          return;
        }
        oldestFirst.poll();
        Ledger gone = ledgers.remove(oldest);
        if (gone != null) {
          claims.addAndGet(-gone.size());
        }
      }
    }
  }

  /** How many deliveries were claimed. */
  public int size() {
    return ledgers.values().stream().mapToInt(Ledger::size).sum();
  }
}
