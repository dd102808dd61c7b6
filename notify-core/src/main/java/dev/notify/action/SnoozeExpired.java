package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A conversation's snooze expired. The assignee is the one at expiry: if a snoozed conversation was
 * reassigned, the new assignee is told.
 *
 * @param id the action id
 * @param occurredAt when it expired
 * @param conversation the conversation
 * @param customer its customer
 * @param assignee the assignee at expiry, or {@code null} (then nobody is told)
 * @since 0.1.0
 */
public record SnoozeExpired(
    String id, Instant occurredAt, String conversation, String customer, @Nullable String assignee)
    implements Action {
  /** Validates. */
  public SnoozeExpired {
    Checks.text(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.text(conversation, "conversation");
    Checks.text(customer, "customer");
    Fields.optional(assignee, "assignee");
  }

  @Override
  public ActionKind kind() {
    return ActionKind.SNOOZE_EXPIRED;
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
  public String describe() {
    return "snooze expired on conversation " + conversation;
  }
}
