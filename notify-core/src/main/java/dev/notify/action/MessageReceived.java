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
    Checks.text(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.notNull(channel, "channel");
    Checks.text(customer, "customer");
    Checks.text(conversation, "conversation");
    Fields.optional(assignee, "assignee");
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
}
