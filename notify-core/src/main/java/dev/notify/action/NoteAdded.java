package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A note was added to a conversation, perhaps mentioning users and teams.
 *
 * @param id the action id
 * @param occurredAt when
 * @param actor who wrote it
 * @param conversation the conversation
 * @param customer its customer
 * @param assignee the conversation's assignee, or {@code null}
 * @param mentions users mentioned by name
 * @param teamMentions teams mentioned by name
 * @param text an excerpt of the note for notifications, or {@code null}
 * @since 0.1.0
 */
public record NoteAdded(
    String id,
    Instant occurredAt,
    String actor,
    String conversation,
    String customer,
    @Nullable String assignee,
    Set<String> mentions,
    Set<String> teamMentions,
    @Nullable String text)
    implements Action {
  /** Validates and copies. */
  public NoteAdded {
    Checks.text(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.text(actor, "actor");
    Checks.text(conversation, "conversation");
    Checks.text(customer, "customer");
    Fields.optional(assignee, "assignee");
    mentions = Fields.ids(mentions, "mentions");
    teamMentions = Fields.ids(teamMentions, "teamMentions");
  }

  @Override
  public ActionKind kind() {
    return ActionKind.NOTE_ADDED;
  }

  @Override
  public Optional<String> actorIfAny() {
    return Optional.of(actor);
  }

  @Override
  public Optional<String> customerIfAny() {
    return Optional.of(customer);
  }

  @Override
  public Optional<String> conversationIfAny() {
    return Optional.of(conversation);
  }

  @Override
  public Optional<String> assigneeIfAny() {
    return Optional.ofNullable(assignee);
  }

  @Override
  public Set<String> mentionedUsers() {
    return mentions;
  }

  @Override
  public Set<String> mentionedTeams() {
    return teamMentions;
  }

  @Override
  public String describe() {
    return actor + " added a note to conversation " + conversation;
  }
}
