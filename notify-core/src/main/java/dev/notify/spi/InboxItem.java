package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;

/**
 * One in-app notification in a user's unread panel.
 *
 * @param id the notification id, unique per store (appending an id twice keeps the first)
 * @param userId the owner
 * @param actionId the action it tells of
 * @param option the notification option it was delivered under (the panel shows its label)
 * @param text what happened, for the panel, for example "dave added a note to conversation k-100"
 * @param createdAt when it was delivered
 * @param read whether the owner has read it
 * @since 0.1.0
 */
public record InboxItem(
    String id,
    String userId,
    String actionId,
    String option,
    String text,
    Instant createdAt,
    boolean read) {
  /** Validates. */
  public InboxItem {
    Checks.text(id, "id");
    Checks.text(userId, "userId");
    Checks.text(actionId, "actionId");
    Checks.id(option, "option");
    Checks.notNull(text, "text");
    Checks.notNull(createdAt, "createdAt");
  }

  /** This item marked read. */
  public InboxItem asRead() {
    return read ? this : new InboxItem(id, userId, actionId, option, text, createdAt, true);
  }
}
