package dev.notify.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Users' in-app notifications: the unread ones make the badge.
 *
 * <p><b>Threading:</b> safe for concurrent calls; in particular {@link #unreadCount} must always
 * equal the number of unread items of the user, also while other threads append and mark read.
 * <b>Blocking:</b> may block (a database); {@link #append} and {@link #appendAll} run on the
 * publishing thread. <b>Failures:</b> an unchecked exception from {@code appendAll} fails the
 * publish that called it (inside the stores' {@link Stores#atomically unit}, nothing of that
 * publish is kept, and the host may publish again); from {@code append} on a worker's thread, it
 * fails that one delivery, which the pipeline retries or records as failed.
 *
 * @since 0.1.0
 */
public interface InboxStore {
  /**
   * Appends an item unless one with the same id exists.
   *
   * @return {@code true} when appended, {@code false} when the id was already there (nothing
   *     changes)
   */
  boolean append(InboxItem item);

  /**
   * Appends each item unless one with the same id exists (an id repeated in {@code items} is
   * appended once, the first time): a publish writes its whole fan-out with one call, which a
   * database answers with one statement. By default calls {@link #append} for each.
   *
   * @return for each item, in order, whether this call appended it
   * @since 0.3.0
   */
  default boolean[] appendAll(List<InboxItem> items) {
    boolean[] added = new boolean[items.size()];
    for (int i = 0; i < added.length; i++) {
      added[i] = append(Objects.requireNonNull(items.get(i), "items cannot contain null"));
    }
    return added;
  }

  /**
   * A page of the user's items, newest first (ties by id, descending).
   *
   * @param offset how many of the newest items to skip, at least 0
   * @param limit the page size, 1 to 1000
   */
  List<InboxItem> page(String userId, int offset, int limit);

  /**
   * The user's item with this id, if it is there. The pipeline asks it when an {@code IF_UNREAD}
   * email is due: sent only if the in-app item is still unread. The default pages through the
   * user's items (slow for a big inbox): a store should look it up directly.
   *
   * @since 0.2.0
   */
  default Optional<InboxItem> find(String userId, String itemId) {
    Objects.requireNonNull(userId, "userId cannot be null");
    Objects.requireNonNull(itemId, "itemId cannot be null");
    for (int offset = 0; ; offset += 1000) {
      List<InboxItem> page = page(userId, offset, 1000);
      for (InboxItem i : page) {
        if (i.id().equals(itemId)) {
          return Optional.of(i);
        }
      }
      if (page.size() < 1000) {
        return Optional.empty();
      }
    }
  }

  /**
   * A page of the user's unread items, newest first (ties by id, descending): the panel of unread
   * notifications. The default pages through every item and skips the read ones (slow for a big
   * inbox): a store should select them directly.
   *
   * @param offset how many of the newest unread items to skip, at least 0
   * @param limit the page size, 1 to 1000
   * @since 0.2.0
   */
  default List<InboxItem> unreadPage(String userId, int offset, int limit) {
    return scan(userId, offset, limit, i -> !i.read());
  }

  /**
   * A page of the user's unread items that {@code filter} matches, newest first (ties by id,
   * descending): one tab of the panel (the options of its category). The default pages through
   * every item and skips what does not match (slow for a big inbox): a store should select them
   * directly.
   *
   * @param offset how many of the newest matching unread items to skip, at least 0
   * @param limit the page size, 1 to 1000
   * @since 0.3.0
   */
  default List<InboxItem> unreadPage(String userId, InboxFilter filter, int offset, int limit) {
    Objects.requireNonNull(filter, "filter cannot be null");
    return scan(userId, offset, limit, i -> !i.read() && filter.matches(i));
  }

  /**
   * A page of the user's items that {@code keep} keeps, newest first, found by paging through every
   * item: the defaults' way, slow for a big inbox.
   */
  private List<InboxItem> scan(String userId, int offset, int limit, Predicate<InboxItem> keep) {
    Objects.requireNonNull(userId, "userId cannot be null");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000, got " + limit);
    }
    List<InboxItem> out = new ArrayList<>(limit);
    int skip = offset;
    for (int from = 0; out.size() < limit; from += 1000) {
      List<InboxItem> page = page(userId, from, 1000);
      for (InboxItem i : page) {
        if (keep.test(i) && skip-- <= 0 && out.size() < limit) {
          out.add(i);
        }
      }
      if (page.size() < 1000) {
        break;
      }
    }
    return out;
  }

  /** The badge: how many unread items the user has. */
  long unreadCount(String userId);

  /**
   * Marks one item read, only if it belongs to {@code userId}.
   *
   * @return {@code true} when an unread item of that user became read
   */
  boolean markRead(String userId, String itemId);

  /**
   * Marks every item of the user read.
   *
   * @return how many items became read
   */
  int markAllRead(String userId);

  /**
   * How many of the user's items are unseen: the badge of a host whose badge clears when the panel
   * opens ({@link InboxItem} says why notify's own badge counts the unread ones).
   *
   * @since 0.3.0
   */
  long unseenCount(String userId);

  /**
   * Marks the user's items {@code filter} matches seen (the panel listed them).
   *
   * @return how many became seen
   * @since 0.3.0
   */
  int markSeen(String userId, InboxFilter filter);

  /**
   * Marks the user's items {@code filter} matches read, and so seen: "Mark All Read" of one tab
   * (the filter's options), a selection (its ids), what is older than a day (its instant).
   *
   * @return how many became read
   * @since 0.3.0
   */
  int markRead(String userId, InboxFilter filter);

  /**
   * Archives the user's items {@code filter} matches: they leave the panel and the badge (an
   * archived item is read and seen) and are listed by {@link #archivedPage}.
   *
   * @return how many became archived
   * @since 0.3.0
   */
  int archive(String userId, InboxFilter filter);

  /**
   * A page of the user's archived items, newest first (ties by id, descending).
   *
   * @param offset how many of the newest archived items to skip, at least 0
   * @param limit the page size, 1 to 1000
   * @since 0.3.0
   */
  List<InboxItem> archivedPage(String userId, int offset, int limit);

  /**
   * Snoozes the user's items {@code filter} matches that are not archived until {@code until}: they
   * become read and seen and remember the instant ({@link InboxItem#asSnoozed}); a snoozed item
   * snoozed again keeps the new instant. Only puts them away: {@code Notifier#snooze} also
   * schedules their return, which {@link #wake} makes.
   *
   * @return how many changed
   * @since 0.3.0
   */
  int snooze(String userId, InboxFilter filter, Instant until);

  /**
   * Ends the snooze of the user's item {@code itemId} if it is snoozed until exactly {@code until}:
   * it becomes unread and unseen ({@link InboxItem#asAwake}). An item snoozed again to another
   * instant, archived, deleted or not snoozed is left as it is, so a late or repeated wake-up
   * changes nothing.
   *
   * @return the item as it is now, when this call woke it
   * @since 0.3.0
   */
  Optional<InboxItem> wake(String userId, String itemId, Instant until);

  /**
   * A page of the user's snoozed items, the soonest to come back first (ties by id).
   *
   * @param offset how many of them to skip, at least 0
   * @param limit the page size, 1 to 1000
   * @since 0.3.0
   */
  List<InboxItem> snoozedPage(String userId, int offset, int limit);

  /**
   * Deletes every item, read or unread, created before {@code cutoff} (retention).
   *
   * @return how many items were deleted
   */
  int deleteCreatedBefore(Instant cutoff);

  /**
   * Whether this store keeps what it holds across a restart of the process (a database does, the
   * in-memory stores do not). A notifier refuses a durable outbox beside stores that are not
   * ({@code NotifierBuilder#build}), since a restart would keep the queue and lose what it relies
   * on. {@code true} by default: a store of a host's own is taken to be durable.
   *
   * @since 0.3.0
   */
  default boolean durable() {
    return true;
  }
}
