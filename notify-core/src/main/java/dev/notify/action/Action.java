package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Channel;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Something that happened in the host: the engine's input. The standard kinds are records in this
 * package; a host with options of its own publishes {@link CustomAction}s. Sealed: every action is
 * one of these records, validated where it is built, so the stores can keep every action they are
 * given and the pipeline checks nothing twice (before 0.3.0 a host could implement it, and a
 * database outbox could not store such an action).
 *
 * <p>The accessors below are the audience facts the engine and pipeline read; an action kind that
 * has no such fact keeps the default (empty). Implementations must be immutable.
 *
 * @since 0.1.0
 */
public sealed interface Action
    permits AppUpdated,
        ConversationAssigned,
        ConversationTransferred,
        CustomAction,
        MessageReceived,
        NoteAdded,
        ObjectCreated,
        ObjectUpdated,
        SnoozeExpired {
  /** The id, unique per action: publishing the same id twice delivers nothing the second time. */
  String id();

  /** The kind, which selects the options that may concern someone. */
  ActionKind kind();

  /** When it happened. */
  Instant occurredAt();

  /** Who did it, if anyone (a user id, or free text for an assistant or integration). */
  default Optional<String> actorIfAny() {
    return Optional.empty();
  }

  /** The channel a customer message came in on. */
  default Optional<Channel> channelIfAny() {
    return Optional.empty();
  }

  /** The customer concerned, whose followers may be told. */
  default Optional<String> customerIfAny() {
    return Optional.empty();
  }

  /** The conversation concerned. */
  default Optional<String> conversationIfAny() {
    return Optional.empty();
  }

  /** The conversation's assignee at the time of the action (for a snooze: at expiry). */
  default Optional<String> assigneeIfAny() {
    return Optional.empty();
  }

  /** Users mentioned by name. */
  default Set<String> mentionedUsers() {
    return Set.of();
  }

  /** Teams mentioned by name. */
  default Set<String> mentionedTeams() {
    return Set.of();
  }

  /** Whether this message starts a new conversation. */
  default boolean startsConversation() {
    return false;
  }

  /** A short human description of the action, used in explanations and notifications. */
  default String describe() {
    return kind().id() + " " + id();
  }
}
