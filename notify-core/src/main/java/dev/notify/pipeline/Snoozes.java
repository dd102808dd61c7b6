package dev.notify.pipeline;

import dev.notify.action.CustomAction;
import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.engine.Outcome;
import dev.notify.engine.Reason;
import dev.notify.internal.Checks;
import dev.notify.spi.Delivery;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Snoozes: an item put away until an instant comes back through the outbox, not a timer, so a
 * snooze survives a restart and wakes on whichever instance claims it. Each snooze of an item is an
 * entry of the medium {@value #MEDIUM_ID} due at the snooze's end, for the action {@code <item's
 * action>~<the end, in nanoseconds since the epoch>} of kind {@value #KIND_ID}: one entry per
 * (item, end), so snoozing again to another instant adds another entry, and the one whose instant
 * the item no longer holds wakes nothing ({@link InboxStore#wake}). Its reason is {@link
 * Outcome#ACTOR}: the user asked for it. A store that decodes what it keeps must accept {@link
 * #MEDIUM} beside the catalog's media ({@link #carries}). Made by {@link Notifier#snooze}.
 *
 * @since 0.3.0
 */
public final class Snoozes {
  /** The id of {@link #MEDIUM}. */
  public static final String MEDIUM_ID = "inbox.wake";

  /** The kind of a snooze's action. */
  public static final String KIND_ID = "inbox.snooze";

  /** The medium of the entries that end snoozes. */
  public static final Medium MEDIUM = Medium.of(MEDIUM_ID);

  private static final ActionKind KIND = ActionKind.of(KIND_ID);
  private static final char MARK = '~';

  private Snoozes() {}

  /** Whether {@code medium} is that of a snooze's end. */
  public static boolean carries(Medium medium) {
    return medium.id().equals(MEDIUM_ID);
  }

  /**
   * Snoozes the user's items until {@code until}: enqueues their return first, then puts them away,
   * so a crash between the two leaves an entry that wakes nothing, never an item that stays away.
   *
   * @return how many items were snoozed
   */
  static int snooze(
      InboxStore inbox,
      Outbox outbox,
      Catalog catalog,
      Clock clock,
      String userId,
      Collection<String> itemIds,
      Instant until) {
    Checks.idText(userId, "userId");
    Checks.notNull(itemIds, "itemIds");
    Checks.notNull(until, "until");
    Checks.argument(
        !itemIds.isEmpty() && itemIds.size() <= InboxFilter.MAX_IDS,
        "itemIds: 1 to %s, got %s",
        InboxFilter.MAX_IDS,
        itemIds.size());
    Instant now = clock.instant();
    Checks.argument(until.isAfter(now), "until must be after now (%s), got %s", now, until);
    Set<String> ids = new LinkedHashSet<>();
    for (String id : itemIds) {
      ids.add(Checks.notNull(id, "itemIds[]"));
    }
    List<OutboxEntry> entries = new ArrayList<>();
    Set<String> found = new LinkedHashSet<>();
    for (String id : ids) {
      Optional<InboxItem> item = inbox.find(userId, id);
      if (item.isEmpty() || item.get().archived()) {
        continue; // someone else's, gone or archived: nothing to snooze
      }
      entries.add(entry(item.get(), catalog, until, now));
      found.add(id);
    }
    if (found.isEmpty()) {
      return 0;
    }
    outbox.enqueue(entries);
    return inbox.snooze(userId, new InboxFilter(found, Set.of(), null), until);
  }

  /** The entry that ends {@code item}'s snooze at {@code until}. */
  private static OutboxEntry entry(InboxItem item, Catalog catalog, Instant until, Instant now) {
    Checks.argument(
        item.id().equals(Delivery.idOf(item.actionId(), item.userId(), Medium.IN_APP)),
        "item %s was not written by notify's in-app delivery: only those can be snoozed",
        Checks.quote(item.id()));
    NotificationOption option =
        catalog
            .option(item.option())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        Checks.format(
                            "item %s: its option %s is no longer in the catalog",
                            Checks.quote(item.id()), Checks.quote(item.option()))));
    String actionId = item.actionId() + MARK + nanos(until);
    Checks.argument(
        actionId.length() <= Checks.MAX_ID,
        "item %s cannot be snoozed: its action id is too long to name the snooze (at most %s"
            + " characters)",
        Checks.quote(item.id()),
        Checks.MAX_ID - 21);
    Delivery d =
        new Delivery(
            new CustomAction(
                actionId, KIND, until, null, null, null, null, null, Set.of(), Set.of(), false),
            new UserAccount(item.userId(), null, null),
            MEDIUM,
            option,
            true,
            null,
            new Reason(Outcome.ACTOR, option, null, null, null, null));
    return OutboxEntry.of(d, until, now);
  }

  /** The transport that wakes the item of each entry, then pops it up. */
  static Transport transport(InboxStore inbox, InAppListener listener) {
    return new Transport() {
      @Override
      public Medium medium() {
        return MEDIUM;
      }

      @Override
      public void deliver(Delivery d) {
        String id = d.action().id();
        int mark = id.lastIndexOf(MARK);
        if (mark < 0 || !d.action().kind().id().equals(KIND_ID)) {
          throw new TransportException(
              TransportException.Kind.PERMANENT, "not a snooze's entry: action " + id);
        }
        String actionId = id.substring(0, mark);
        Instant until = instant(Long.parseLong(id.substring(mark + 1)));
        String userId = d.recipient().id();
        Optional<InboxItem> woke =
            inbox.wake(userId, Delivery.idOf(actionId, userId, Medium.IN_APP), until);
        if (woke.isPresent()) {
          try {
            listener.show(woke.get(), true, null);
          } catch (RuntimeException e) {
            // The item is back in the inbox, so the badge is right; only the live push failed.
            throw new TransportException(
                TransportException.Kind.PERMANENT, "in-app listener failed: " + e, e);
          }
        }
      }

      @Override
      public boolean resendsSafely() {
        return true; // a second wake finds the item awake and changes nothing
      }
    };
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
