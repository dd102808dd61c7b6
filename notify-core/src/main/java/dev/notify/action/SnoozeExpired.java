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
    Checks.idText(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.idText(conversation, "conversation");
    Checks.idText(customer, "customer");
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

  /**
   * A builder of this action, so that no two adjacent strings can be swapped silently: {@code
   * SnoozeExpired.builder("a1").occurredAt(now)…build()}.
   *
   * @since 0.2.0
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Builds a {@link SnoozeExpired}; {@link #build()} validates as the constructor does. Not
   * thread-safe.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable Instant occurredAt;
    private @Nullable String conversation;
    private @Nullable String customer;
    private @Nullable String assignee;

    private Builder(String id) {
      this.id = id;
    }

    /** Sets when it happened. */
    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    /** Sets the conversation. */
    public Builder conversation(String conversation) {
      this.conversation = conversation;
      return this;
    }

    /** Sets the customer. */
    public Builder customer(String customer) {
      this.customer = customer;
      return this;
    }

    /** Sets the agent the conversation is assigned to. */
    public Builder assignee(@Nullable String assignee) {
      this.assignee = assignee;
      return this;
    }

    /**
     * Builds the action.
     *
     * @throws NullPointerException naming a required part that was not set
     * @throws IllegalArgumentException naming a bad value
     */
    // The record refuses a part that was not set, naming it: the one check, at the boundary.
    @SuppressWarnings("NullAway")
    public SnoozeExpired build() {
      return new SnoozeExpired(id, occurredAt, conversation, customer, assignee);
    }
  }
}
