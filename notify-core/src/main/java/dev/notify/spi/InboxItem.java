package dev.notify.spi;

import dev.notify.internal.Checks;
import dev.notify.internal.InboxItems;
import java.time.Instant;
import java.util.Objects;
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
 * <p>Its parts:
 *
 * <ul>
 *   <li>{@code id}: the notification id, unique per store (appending an id twice keeps the first)
 *   <li>{@code userId}: the owner
 *   <li>{@code actionId}: the action it tells of
 *   <li>{@code option}: the notification option it was delivered under (the panel shows its label)
 *   <li>{@code text}: what happened, for the panel, for example "dave added a note to conversation
 *       k-100"
 *   <li>{@code createdAt}: when it was delivered
 *   <li>{@code read}: whether the owner has read it
 *   <li>{@code seen}: whether the owner has seen it listed (true when {@code read})
 *   <li>{@code archived}: whether the owner archived it (then it is read)
 *   <li>{@code reason}: why it was delivered, in English ({@code Reason#explain}); empty when not
 *       known
 *   <li>{@code link}: where it points, in the host's terms (a URL, a path, "conversation k-100");
 *       empty when nowhere. Written by the host's {@code NotifierBuilder#inAppLink}
 *   <li>{@code snoozedUntil}: when its snooze ends, or {@code null} when it is not snoozed (then it
 *       is read and not archived)
 * </ul>
 *
 * <p>A value: equal when every part is equal. (A record until 0.3.0; a class since, so that the
 * library can write the items of a fan-out, whose parts it validated once, without validating each
 * item again.)
 *
 * @since 0.1.0
 */
public final class InboxItem {
  private final String id;
  private final String userId;
  private final String actionId;
  private final String option;
  private final String text;
  private final Instant createdAt;
  private final boolean read;
  private final boolean seen;
  private final boolean archived;
  private final String reason;
  private final String link;
  private final @Nullable Instant snoozedUntil;

  /**
   * An item, validated: ids and text a store can keep, and states that fit together (a read item is
   * seen, an archived one read, a snoozed one read and not archived).
   *
   * @throws NullPointerException when a part but {@code snoozedUntil} is null
   * @throws IllegalArgumentException when a part is not valid, quoting it
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
      String reason,
      String link,
      @Nullable Instant snoozedUntil) {
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
    this.id = id;
    this.userId = userId;
    this.actionId = actionId;
    this.option = option;
    this.text = text;
    this.createdAt = createdAt;
    this.read = read;
    this.seen = seen;
    this.archived = archived;
    this.reason = reason;
    this.link = link;
    this.snoozedUntil = snoozedUntil;
  }

  /** The library's path for parts it validated already: see {@link InboxItems#trusted}. */
  private InboxItem(
      String id,
      String userId,
      String actionId,
      String option,
      String text,
      Instant createdAt,
      String reason,
      String link) {
    this.id = id;
    this.userId = userId;
    this.actionId = actionId;
    this.option = option;
    this.text = text;
    this.createdAt = createdAt;
    this.read = false;
    this.seen = false;
    this.archived = false;
    this.reason = reason;
    this.link = link;
    this.snoozedUntil = null;
  }

  static {
    InboxItems.register(
        (id, userId, actionId, option, text, createdAt, reason, link) ->
            new InboxItem(id, userId, actionId, option, text, createdAt, reason, link));
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

  /** The notification id, unique per store. */
  public String id() {
    return id;
  }

  /** The owner. */
  public String userId() {
    return userId;
  }

  /** The action it tells of. */
  public String actionId() {
    return actionId;
  }

  /** The notification option it was delivered under. */
  public String option() {
    return option;
  }

  /** What happened, for the panel. */
  public String text() {
    return text;
  }

  /** When it was delivered. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Whether the owner has read it. */
  public boolean read() {
    return read;
  }

  /** Whether the owner has seen it listed. */
  public boolean seen() {
    return seen;
  }

  /** Whether the owner archived it. */
  public boolean archived() {
    return archived;
  }

  /** Why it was delivered, in English; empty when not known. */
  public String reason() {
    return reason;
  }

  /** Where it points, in the host's terms; empty when nowhere. */
  public String link() {
    return link;
  }

  /** When its snooze ends, or {@code null} when it is not snoozed. */
  public @Nullable Instant snoozedUntil() {
    return snoozedUntil;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof InboxItem o
        && id.equals(o.id)
        && userId.equals(o.userId)
        && actionId.equals(o.actionId)
        && option.equals(o.option)
        && text.equals(o.text)
        && createdAt.equals(o.createdAt)
        && read == o.read
        && seen == o.seen
        && archived == o.archived
        && reason.equals(o.reason)
        && link.equals(o.link)
        && Objects.equals(snoozedUntil, o.snoozedUntil);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
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

  /** As a record's: {@code InboxItem[id=…, userId=…, …]}. */
  @Override
  public String toString() {
    return "InboxItem[id="
        + id
        + ", userId="
        + userId
        + ", actionId="
        + actionId
        + ", option="
        + option
        + ", text="
        + text
        + ", createdAt="
        + createdAt
        + ", read="
        + read
        + ", seen="
        + seen
        + ", archived="
        + archived
        + ", reason="
        + reason
        + ", link="
        + link
        + ", snoozedUntil="
        + snoozedUntil
        + "]";
  }
}
