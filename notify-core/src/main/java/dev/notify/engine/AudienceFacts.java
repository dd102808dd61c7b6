package dev.notify.engine;

import dev.notify.internal.Checks;
import java.util.Set;

/**
 * The facts of an action's audience that the action itself does not carry and the host's directory
 * knows: the followers of the action's customer and the members of the teams it mentions. (The
 * assignee and the mentioned users are on the action.)
 *
 * @param followers user ids following the action's customer
 * @param teamMembers user ids that are members of a mentioned team
 * @since 0.1.0
 */
public record AudienceFacts(Set<String> followers, Set<String> teamMembers) {
  /** No followers and no mentioned team members. */
  public static final AudienceFacts NONE = new AudienceFacts(Set.of(), Set.of());

  /** Validates and copies. */
  public AudienceFacts {
    followers = Set.copyOf(Checks.noNulls(followers, "followers"));
    teamMembers = Set.copyOf(Checks.noNulls(teamMembers, "teamMembers"));
  }
}
