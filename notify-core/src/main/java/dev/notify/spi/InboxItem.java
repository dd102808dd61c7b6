package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One in-app notification in a user's inbox.
 *
 * <p>Its states, as Knock, MagicBell and Novu keep them: <b>unseen</b> until the user opened the
 * panel that lists it, <b>unread</b> until they read it (a read item is seen), <b>archived</b> when
 * they put it away (an archived item is read: it leaves the panel and the badge). The badge counts
 * the unread items, as the seed's does ("Mark All Read" clears it); {@link InboxStore#unseenCount}
 * is there for a host whose badge clears when the panel opens.
 *
 * <p>A <b>snoozed</b> item is put away until an instant ({@code Notifier#snooze}): until then it is
 * read and seen (off the panel and the badge, and an "if still unread" email of it is not sent —
 * the user dealt with it for now); when the snooze ends it comes back unread and unseen, with its
 * pop-up. Archiving a snoozed item ends its snooze.
 *
 * @param id the notification id, unique per store (appending an id twice keeps the first)
 * @param userId the owner
 * @param actionId the action it tells of
 * @param option the notification option it was delivered under (the panel shows its label)
 * @param text what happened, for the panel, for example "dave added a note to conversation k-100"
 * @param createdAt when it was delivered
 * @param read whether the owner has read it
 * @param seen whether the owner has seen it listed (true when {@code read})
 * @param archived whether the owner archived it (then it is read)
 * @param reason why it was delivered, in English ({@code Reason#explain}); empty when not known
 * @param link where it points, in the host's terms (a URL, a path, "conversation k-100"); empty
 *     when nowhere. Written by the host's {@code NotifierBuilder#inAppLink}
 * @param snoozedUntil when its snooze ends, or {@code null} when it is not snoozed (then it is read
 *     and not archived)
 * @since 0.1.0
 */
public record InboxItem(
    String id,
    String userId,
    String actionId,
    String option,
    String text,
    Instant createdAt,
    boolean read,
    boolean seen,
    boolean archived,
    String reason,
    String link,
    @Nullable Instant snoozedUntil) {
  /** Validates. */
  public InboxItem {
    Checks.text(id, "id");
    Checks.text(userId, "userId");
    Checks.text(actionId, "actionId");
    Checks.id(option, "option");
    Checks.notNull(text, "text");
    Checks.notNull(createdAt, "createdAt");
    Checks.notNull(reason, "reason");
    if (!Checks.notNull(link, "link").isEmpty()) {
      Checks.text(link, "link"); // text a store can keep; empty: it points nowhere
    }
    Checks.argument(!read || seen, "a read item is seen: read=true, seen=false for item %s", id);
    Checks.argument(
        !archived || read, "an archived item is read: archived=true, read=false for item %s", id);
    Checks.argument(
        snoozedUntil == null || (read && !archived),
        "a snoozed item is read and not archived: snoozedUntil=%s, read=%s, archived=%s for item %s",
        snoozedUntil,
        read,
        archived,
        id);
  }

  /**
   * An item that points nowhere and is not snoozed.
   *
   * @since 0.3.0
   */
  public InboxItem(
      String id,
      String userId,
      String actionId,
      String option,
      String text,
      Instant createdAt,
      boolean read,
      boolean seen,
      boolean archived,
      String reason) {
    this(id, userId, actionId, option, text, createdAt, read, seen, archived, reason, "", null);
  }

  /**
   * An item that is seen exactly when read, not archived, with no reason: the form of 0.2.0.
   *
   * @since 0.1.0
   */
  public InboxItem(
      String id,
      String userId,
      String actionId,
      String option,
      String text,
      Instant createdAt,
      boolean read) {
    this(id, userId, actionId, option, text, createdAt, read, read, false, "", "", null);
  }

  /**
   * When its snooze ends, if it is snoozed.
   *
   * @since 0.3.0
   */
  public Optional<Instant> snoozedUntilIfAny() {
    return Optional.ofNullable(snoozedUntil);
  }

  /** This item marked read (and so seen). */
  public InboxItem asRead() {
    return read ? this : with(true, true, archived, snoozedUntil);
  }

  /**
   * This item marked seen.
   *
   * @since 0.3.0
   */
  public InboxItem asSeen() {
    return seen ? this : with(read, true, archived, snoozedUntil);
  }

  /**
   * This item archived (and so read and seen, its snooze ended).
   *
   * @since 0.3.0
   */
  public InboxItem asArchived() {
    return archived ? this : with(true, true, true, null);
  }

  /**
   * This item snoozed until {@code until} (read and seen until then); an archived item stays as it
   * is.
   *
   * @since 0.3.0
   */
  public InboxItem asSnoozed(Instant until) {
    Checks.notNull(until, "until");
    return archived || until.equals(snoozedUntil) ? this : with(true, true, false, until);
  }

  /**
   * This item back from its snooze: unread and unseen.
   *
   * @since 0.3.0
   */
  public InboxItem asAwake() {
    return snoozedUntil == null ? this : with(false, false, false, null);
  }

  private InboxItem with(
      boolean read, boolean seen, boolean archived, @Nullable Instant snoozedUntil) {
    return new InboxItem(
        id,
        userId,
        actionId,
        option,
        text,
        createdAt,
        read,
        seen,
        archived,
        reason,
        link,
        snoozedUntil);
  }
}
