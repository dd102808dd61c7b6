package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Channel;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An action of a kind the host defined for options of its own. Every fact but id, kind and time is
 * optional ({@code null} or empty).
 *
 * @param id the action id
 * @param kind the host's kind
 * @param occurredAt when
 * @param actor who did it, or {@code null}
 * @param channel the channel, or {@code null}
 * @param customer the customer, or {@code null}
 * @param conversation the conversation, or {@code null}
 * @param assignee the assignee, or {@code null}
 * @param mentions users mentioned
 * @param teamMentions teams mentioned
 * @param newConversation whether it starts a conversation
 * @since 0.1.0
 */
public record CustomAction(
    String id,
    ActionKind kind,
    Instant occurredAt,
    @Nullable String actor,
    @Nullable Channel channel,
    @Nullable String customer,
    @Nullable String conversation,
    @Nullable String assignee,
    Set<String> mentions,
    Set<String> teamMentions,
    boolean newConversation)
    implements Action {
  /** Validates and copies. */
  public CustomAction {
    Checks.idText(id, "id");
    Checks.notNull(kind, "kind");
    Checks.notNull(occurredAt, "occurredAt");
    Fields.optional(actor, "actor");
    Fields.optional(customer, "customer");
    Fields.optional(conversation, "conversation");
    Fields.optional(assignee, "assignee");
    mentions = Fields.ids(mentions, "mentions");
    teamMentions = Fields.ids(teamMentions, "teamMentions");
  }

  /** A custom action with only an id, a kind, a time and an actor. */
  public static CustomAction of(String id, ActionKind kind, Instant occurredAt, String actor) {
    return new CustomAction(
        id, kind, occurredAt, actor, null, null, null, null, Set.of(), Set.of(), false);
  }

  @Override
  public Optional<String> actorIfAny() {
    return Optional.ofNullable(actor);
  }

  @Override
  public Optional<Channel> channelIfAny() {
    return Optional.ofNullable(channel);
  }

  @Override
  public Optional<String> customerIfAny() {
    return Optional.ofNullable(customer);
  }

  @Override
  public Optional<String> conversationIfAny() {
    return Optional.ofNullable(conversation);
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
  public boolean startsConversation() {
    return newConversation;
  }
}
