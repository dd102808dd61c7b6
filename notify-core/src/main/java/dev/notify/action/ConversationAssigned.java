package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
    Checks.idText(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.idText(actor, "actor");
    Checks.idText(conversation, "conversation");
    Checks.idText(customer, "customer");
    Checks.idText(assignee, "assignee");
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

  /**
   * A builder of this action, so that no two adjacent strings can be swapped silently: {@code
   * ConversationAssigned.builder("a1").occurredAt(now)…build()}.
   *
   * @since 0.2.0
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Builds a {@link ConversationAssigned}; {@link #build()} validates as the constructor does. Not
   * thread-safe.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable Instant occurredAt;
    private @Nullable String actor;
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

    /** Sets the agent who did it. */
    public Builder actor(String actor) {
      this.actor = actor;
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
    public ConversationAssigned build() {
      return new ConversationAssigned(id, occurredAt, actor, conversation, customer, assignee);
    }
  }
}
