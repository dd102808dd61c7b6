package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
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
    Checks.idText(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.idText(actor, "actor");
    Checks.idText(conversation, "conversation");
    Checks.idText(customer, "customer");
    Fields.optional(assignee, "assignee");
    mentions = Fields.ids(mentions, "mentions");
    teamMentions = Fields.ids(teamMentions, "teamMentions");
    Checks.freeText(text, "text");
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

  /**
   * A builder of this action, so that no two adjacent strings can be swapped silently: {@code
   * NoteAdded.builder("a1").occurredAt(now)…build()}.
   *
   * @since 0.2.0
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Builds a {@link NoteAdded}; {@link #build()} validates as the constructor does. Not
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
    private Set<String> mentions = Set.of();
    private Set<String> teamMentions = Set.of();
    private @Nullable String text;

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

    /** Sets the agents mentioned. */
    public Builder mentions(String... mentions) {
      this.mentions = new LinkedHashSet<>(Arrays.asList(mentions));
      return this;
    }

    /** Sets the teams mentioned. */
    public Builder teamMentions(String... teamMentions) {
      this.teamMentions = new LinkedHashSet<>(Arrays.asList(teamMentions));
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
    public NoteAdded build() {
      return new NoteAdded(
          id, occurredAt, actor, conversation, customer, assignee, mentions, teamMentions, text);
    }
  }
}
