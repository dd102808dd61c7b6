package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Channel;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A customer message arrived on a channel.
 *
 * @param id the action id
 * @param occurredAt when it arrived
 * @param channel the channel it came in on
 * @param customer the customer who wrote
 * @param conversation the conversation it belongs to
 * @param assignee the conversation's assignee, or {@code null}
 * @param newConversation whether it starts a new conversation
 * @param text an excerpt of the message for notifications, or {@code null}
 * @since 0.1.0
 */
public record MessageReceived(
    String id,
    Instant occurredAt,
    Channel channel,
    String customer,
    String conversation,
    @Nullable String assignee,
    boolean newConversation,
    @Nullable String text)
    implements Action {
  /** Validates. */
  public MessageReceived {
    Checks.idText(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.notNull(channel, "channel");
    Checks.idText(customer, "customer");
    Checks.idText(conversation, "conversation");
    Fields.optional(assignee, "assignee");
    Checks.freeText(text, "text");
  }

  @Override
  public ActionKind kind() {
    return ActionKind.MESSAGE_RECEIVED;
  }

  @Override
  public Optional<Channel> channelIfAny() {
    return Optional.of(channel);
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
  public boolean startsConversation() {
    return newConversation;
  }

  @Override
  public String describe() {
    return (newConversation ? "new conversation " : "message in ")
        + conversation
        + " from "
        + customer
        + " on "
        + channel;
  }

  /**
   * A builder of this action, so that no two adjacent strings can be swapped silently: {@code
   * MessageReceived.builder("a1").occurredAt(now)…build()}.
   *
   * @since 0.2.0
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Builds a {@link MessageReceived}; {@link #build()} validates as the constructor does. Not
   * thread-safe.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable Instant occurredAt;
    private @Nullable Channel channel;
    private @Nullable String customer;
    private @Nullable String conversation;
    private @Nullable String assignee;
    private boolean newConversation;
    private @Nullable String text;

    private Builder(String id) {
      this.id = id;
    }

    /** Sets when it happened. */
    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    /** Sets the channel the message came on. */
    public Builder channel(Channel channel) {
      this.channel = channel;
      return this;
    }

    /** Sets the customer. */
    public Builder customer(String customer) {
      this.customer = customer;
      return this;
    }

    /** Sets the conversation. */
    public Builder conversation(String conversation) {
      this.conversation = conversation;
      return this;
    }

    /** Sets the agent the conversation is assigned to. */
    public Builder assignee(@Nullable String assignee) {
      this.assignee = assignee;
      return this;
    }

    /** Sets whether the message starts a new conversation. */
    public Builder newConversation(boolean newConversation) {
      this.newConversation = newConversation;
      return this;
    }

    /** Sets the text, shown in email. */
    public Builder text(@Nullable String text) {
      this.text = text;
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
    public MessageReceived build() {
      return new MessageReceived(
          id, occurredAt, channel, customer, conversation, assignee, newConversation, text);
    }
  }
}
