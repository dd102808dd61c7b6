package dev.notify.spi;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's directory of one organisation: users, teams and their members, customers and their
 * followers. The pipeline reads it on every publish to resolve an action's audience.
 *
 * <p><b>Threading:</b> implementations must be safe for concurrent calls from any thread.
 * <b>Blocking:</b> calls may block (a database read); they run on the publishing thread.
 * <b>Failures:</b> an unchecked exception fails the publish before anything is delivered, and
 * reaches the caller of {@code Notifier.publish}.
 *
 * @since 0.1.0
 */
public interface Directory {
  /** When the organisation was created; empty for a new organisation. Called once per publish. */
  Optional<LocalDate> organizationCreatedOn();

  /**
   * The user with this id, or empty when there is none. The pipeline calls it only to check the
   * users an action names (actor, assignee, mentions); audiences are read with {@link #users} or
   * {@link #allUsers}.
   */
  Optional<UserAccount> user(String userId);

  /**
   * The users with these ids, in the order given; unknown ids are left out. The pipeline calls it
   * once per publish with the whole audience, so implementations should answer in one round trip.
   */
  default List<UserAccount> users(Collection<String> userIds) {
    return userIds.stream().map(this::user).flatMap(Optional::stream).toList();
  }

  /**
   * Every user id of the organisation, each once, in a stable order, for options whose audience is
   * everyone. Called once per such publish; return a view or a cached list rather than a copy.
   */
  Collection<String> allUserIds();

  /**
   * Every user of the organisation, each once, in the order of {@link #allUserIds()}. The default
   * looks each id up; an implementation that holds the accounts returns them at once.
   */
  default List<UserAccount> allUsers() {
    return users(allUserIds());
  }

  /** The members of a team; empty for an unknown team. Called once per mentioned team. */
  Set<String> teamMembers(String team);

  /** Whether the team exists. */
  boolean hasTeam(String team);

  /** The followers of a customer; empty for an unknown customer or one nobody follows. */
  Set<String> followers(String customer);
}
