package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe in-memory {@link InboxStore}. Each user's items and unread count change together
 * under that user's lock, so the badge always equals the number of unread items; users never
 * contend with each other.
 *
 * @since 0.1.0
 */
public final class InMemoryInboxStore implements InboxStore {
  private static final Comparator<InboxItem> OLDEST_FIRST =
      Comparator.comparing(InboxItem::createdAt).thenComparing(InboxItem::id);

  private static final class Box {
    /** Oldest first, so a new item (almost always the newest) is appended, never shifted in. */
    final List<InboxItem> items = new ArrayList<>();

    long unread;
    long unseen;

    /** Replaces item {@code i} by {@code now}, keeping the counts. */
    void set(int i, InboxItem now) {
      InboxItem was = items.set(i, now);
      unread += (now.read() ? 0 : 1) - (was.read() ? 0 : 1);
      unseen += (now.seen() ? 0 : 1) - (was.seen() ? 0 : 1);
    }
  }

  private final ConcurrentHashMap<String, String> owners =
      new ConcurrentHashMap<>(); // item id → user id
  private final ConcurrentHashMap<String, Box> boxes = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryInboxStore() {}

  @Override
  public boolean append(InboxItem item) {
    Checks.notNull(item, "item");
    if (owners.putIfAbsent(item.id(), item.userId()) != null) {
      return false;
    }
    Box box = boxes.computeIfAbsent(item.userId(), u -> new Box());
    synchronized (box) {
      List<InboxItem> items = box.items;
      if (items.isEmpty() || OLDEST_FIRST.compare(items.get(items.size() - 1), item) <= 0) {
        items.add(item);
      } else {
        int at = Collections.binarySearch(items, item, OLDEST_FIRST);
        items.add(at < 0 ? -at - 1 : at, item);
      }
      if (!item.read()) {
        box.unread++;
      }
      if (!item.seen()) {
        box.unseen++;
      }
    }
    return true;
  }

  @Override
  public List<InboxItem> page(String userId, int offset, int limit) {
    Checks.notNull(userId, "userId");
    Checks.argument(offset >= 0, "offset must not be negative, got %d", offset);
    Checks.argument(limit >= 1 && limit <= 1000, "limit must be between 1 and 1000, got %d", limit);
    Box box = boxes.get(userId);
    if (box == null) {
      return List.of();
    }
    synchronized (box) {
      int size = box.items.size();
      int count = Math.max(0, Math.min(limit, size - offset));
      List<InboxItem> page = new ArrayList<>(count);
      for (int i = size - 1 - offset; i > size - 1 - offset - count; i--) {
        page.add(box.items.get(i));
      }
      return List.copyOf(page);
    }
  }

  @Override
  public Optional<InboxItem> find(String userId, String itemId) {
    Checks.notNull(userId, "userId");
    Checks.notNull(itemId, "itemId");
    Box box = boxOf(userId, itemId);
    if (box == null) {
      return Optional.empty();
    }
    synchronized (box) {
      int i = indexOf(box, itemId);
      return i < 0 ? Optional.empty() : Optional.of(box.items.get(i));
    }
  }

  /** The box of {@code userId} when {@code itemId} is theirs, else null. */
  private @Nullable Box boxOf(String userId, String itemId) {
    // Someone else's notification, or none; or its first append is still under way.
    return userId.equals(owners.get(itemId)) ? boxes.get(userId) : null;
  }

  /** Where {@code itemId} is in {@code box}, or -1; the caller holds the box's lock. */
  private static int indexOf(Box box, String itemId) {
    for (int i = box.items.size() - 1; i >= 0; i--) {
      if (box.items.get(i).id().equals(itemId)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public List<InboxItem> unreadPage(String userId, int offset, int limit) {
    return page(userId, offset, limit, it -> !it.read());
  }

  @Override
  public List<InboxItem> unreadPage(String userId, InboxFilter filter, int offset, int limit) {
    Checks.notNull(filter, "filter");
    return page(userId, offset, limit, it -> !it.read() && filter.matches(it));
  }

  /** A page of the user's items that {@code which} keeps, newest first. */
  private List<InboxItem> page(String userId, int offset, int limit, Predicate<InboxItem> which) {
    Checks.notNull(userId, "userId");
    Checks.argument(offset >= 0, "offset must not be negative, got %d", offset);
    Checks.argument(limit >= 1 && limit <= 1000, "limit must be between 1 and 1000, got %d", limit);
    Box box = boxes.get(userId);
    if (box == null) {
      return List.of();
    }
    synchronized (box) {
      List<InboxItem> page = new ArrayList<>(Math.min(limit, 64));
      int skip = offset;
      for (int i = box.items.size() - 1; i >= 0 && page.size() < limit; i--) {
        InboxItem it = box.items.get(i);
        if (which.test(it) && skip-- <= 0) {
          page.add(it);
        }
      }
      return List.copyOf(page);
    }
  }

  @Override
  public long unreadCount(String userId) {
    Box box = boxes.get(Checks.notNull(userId, "userId"));
    if (box == null) {
      return 0;
    }
    synchronized (box) {
      return box.unread;
    }
  }

  @Override
  public boolean markRead(String userId, String itemId) {
    Checks.notNull(userId, "userId");
    Checks.notNull(itemId, "itemId");
    Box box = boxOf(userId, itemId);
    if (box == null) {
      return false;
    }
    synchronized (box) {
      int i = indexOf(box, itemId);
      if (i < 0 || box.items.get(i).read()) {
        return false;
      }
      box.set(i, box.items.get(i).asRead());
      return true;
    }
  }

  @Override
  public int markAllRead(String userId) {
    return markRead(userId, InboxFilter.ALL);
  }

  @Override
  public long unseenCount(String userId) {
    Box box = boxes.get(Checks.notNull(userId, "userId"));
    if (box == null) {
      return 0;
    }
    synchronized (box) {
      return box.unseen;
    }
  }

  @Override
  public int markSeen(String userId, InboxFilter filter) {
    return change(userId, filter, InboxItem::asSeen);
  }

  @Override
  public int markRead(String userId, InboxFilter filter) {
    return change(userId, filter, InboxItem::asRead);
  }

  @Override
  public int archive(String userId, InboxFilter filter) {
    return change(userId, filter, InboxItem::asArchived);
  }

  /** Applies {@code how} to the user's items {@code filter} matches; answers how many changed. */
  private int change(String userId, InboxFilter filter, UnaryOperator<InboxItem> how) {
    Checks.notNull(filter, "filter");
    Box box = boxes.get(Checks.notNull(userId, "userId"));
    if (box == null) {
      return 0;
    }
    synchronized (box) {
      int changed = 0;
      for (int i = 0; i < box.items.size(); i++) {
        InboxItem it = box.items.get(i);
        if (filter.matches(it)) {
          InboxItem now = how.apply(it);
          if (now != it) {
            box.set(i, now);
            changed++;
          }
        }
      }
      return changed;
    }
  }

  @Override
  public int snooze(String userId, InboxFilter filter, Instant until) {
    Checks.notNull(until, "until");
    return change(userId, filter, it -> it.asSnoozed(until));
  }

  @Override
  public Optional<InboxItem> wake(String userId, String itemId, Instant until) {
    Checks.notNull(userId, "userId");
    Checks.notNull(itemId, "itemId");
    Checks.notNull(until, "until");
    Box box = boxOf(userId, itemId);
    if (box == null) {
      return Optional.empty();
    }
    synchronized (box) {
      int i = indexOf(box, itemId);
      if (i < 0 || !until.equals(box.items.get(i).snoozedUntil())) {
        return Optional.empty();
      }
      InboxItem now = box.items.get(i).asAwake();
      box.set(i, now);
      return Optional.of(now);
    }
  }

  @Override
  public List<InboxItem> snoozedPage(String userId, int offset, int limit) {
    Checks.notNull(userId, "userId");
    Checks.argument(offset >= 0, "offset must not be negative, got %d", offset);
    Checks.argument(limit >= 1 && limit <= 1000, "limit must be between 1 and 1000, got %d", limit);
    Box box = boxes.get(userId);
    if (box == null) {
      return List.of();
    }
    List<InboxItem> snoozed = new ArrayList<>();
    synchronized (box) {
      for (InboxItem it : box.items) {
        if (it.snoozedUntil() != null) {
          snoozed.add(it);
        }
      }
    }
    snoozed.sort(SOONEST_BACK);
    int from = (int) Math.min(offset, snoozed.size());
    return List.copyOf(snoozed.subList(from, Math.min(snoozed.size(), from + limit)));
  }

  private static final Comparator<InboxItem> SOONEST_BACK =
      Comparator.comparing((InboxItem it) -> Objects.requireNonNull(it.snoozedUntil()))
          .thenComparing(InboxItem::id);

  @Override
  public List<InboxItem> archivedPage(String userId, int offset, int limit) {
    return page(userId, offset, limit, InboxItem::archived);
  }

  @Override
  public int deleteCreatedBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    int deleted = 0;
    for (Box box : boxes.values()) {
      List<InboxItem> removed;
      synchronized (box) {
        // Oldest first: what is older than the cutoff is a prefix, cleared in one shift.
        int end = firstNotBefore(box.items, cutoff);
        List<InboxItem> prefix = box.items.subList(0, end);
        removed = new ArrayList<>(prefix);
        prefix.clear();
        for (InboxItem item : removed) {
          if (!item.read()) {
            box.unread--;
          }
          if (!item.seen()) {
            box.unseen--;
          }
        }
      }
      // Outside the user's lock: a publish to this user need not wait for these.
      for (InboxItem item : removed) {
        owners.remove(item.id());
      }
      deleted += removed.size();
    }
    return deleted;
  }

  /** The index of the first item created at or after {@code cutoff} in an oldest-first list. */
  private static int firstNotBefore(List<InboxItem> items, Instant cutoff) {
    int lo = 0;
    int hi = items.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (items.get(mid).createdAt().isBefore(cutoff)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** {@code false}: what it holds ends with the process. */
  @Override
  public boolean durable() {
    return false;
  }
}
