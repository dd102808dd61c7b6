package dev.notify.catalog;

import dev.notify.internal.Checks;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who an option concerns: the users that stand in one of {@code relations} to an action of {@code
 * kind}; with {@code newConversationsOnly}, only actions that start a conversation.
 *
 * @param kind the action kind the option listens to
 * @param relations the relations that qualify a user; not empty
 * @param newConversationsOnly whether only an action that starts a new conversation qualifies
 * @since 0.1.0
 */
public record Audience(ActionKind kind, Set<Relation> relations, boolean newConversationsOnly) {
  /** Validates and copies. */
  public Audience {
    Checks.notNull(kind, "kind");
    Checks.noNulls(relations, "relations");
    Checks.argument(!relations.isEmpty(), "relations must not be empty, got %s", relations);
    relations = Set.copyOf(EnumSet.copyOf(relations));
  }

  /** The users standing in any of {@code relations} to an action of {@code kind}. */
  public static Audience of(ActionKind kind, Relation first, Relation... more) {
    Checks.notNull(first, "relation");
    EnumSet<Relation> set = EnumSet.of(first);
    for (Relation r : Checks.notNull(more, "relations")) {
      set.add(Checks.notNull(r, "relation"));
    }
    return new Audience(kind, set, false);
  }

  /** The same audience restricted to actions that start a new conversation. */
  public Audience onlyNewConversations() {
    return new Audience(kind, relations, true);
  }
}
