package dev.notify.catalog;

import dev.notify.internal.Checks;

/**
 * The kind of an action, for example {@code message.received}. Options name the kinds they listen
 * to; a host may define kinds of its own for its own options.
 *
 * @param id the stable id
 * @since 0.1.0
 */
public record ActionKind(String id) {
  /** A customer message arrived on a channel. */
  public static final ActionKind MESSAGE_RECEIVED = new ActionKind("message.received");

  /** A conversation was assigned to someone. */
  public static final ActionKind CONVERSATION_ASSIGNED = new ActionKind("conversation.assigned");

  /** An assistant transferred a conversation to someone. */
  public static final ActionKind CONVERSATION_TRANSFERRED =
      new ActionKind("conversation.transferred");

  /** A conversation's snooze expired. */
  public static final ActionKind SNOOZE_EXPIRED = new ActionKind("snooze.expired");

  /** A note was added to a conversation. */
  public static final ActionKind NOTE_ADDED = new ActionKind("note.added");

  /** An object was created on a customer. */
  public static final ActionKind OBJECT_CREATED = new ActionKind("object.created");

  /** An object was updated on a customer. */
  public static final ActionKind OBJECT_UPDATED = new ActionKind("object.updated");

  /** An installed app was updated. */
  public static final ActionKind APP_UPDATED = new ActionKind("app.updated");

  /** Validates the id. */
  public ActionKind {
    Checks.id(id, "kind");
  }

  /** Returns the kind with this id. */
  public static ActionKind of(String id) {
    return new ActionKind(id);
  }

  @Override
  public String toString() {
    return id;
  }
}
