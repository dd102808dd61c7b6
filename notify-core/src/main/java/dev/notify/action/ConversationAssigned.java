package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A conversation was assigned to a user.
 *
 * @param id the action id
 * @param occurredAt when
 * @param actor who assigned it (a user id or free text)
 * @param conversation the conversation
 * @param customer its customer
 * @param assignee the new assignee
 * @since 0.1.0
 */
public record ConversationAssigned(
    String id,
    Instant occurredAt,
    String actor,
    String conversation,
    String customer,
    String assignee)
    implements Action {
  /** Validates. */
  public ConversationAssigned {
    Checks.text(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.text(actor, "actor");
    Checks.text(conversation, "conversation");
    Checks.text(customer, "customer");
    Checks.text(assignee, "assignee");
  }

  @Override
  public ActionKind kind() {
    return ActionKind.CONVERSATION_ASSIGNED;
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
    return Optional.of(assignee);
  }

  @Override
  public String describe() {
    return actor + " assigned conversation " + conversation + " to " + assignee;
  }
}
