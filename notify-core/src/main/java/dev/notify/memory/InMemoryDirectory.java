package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.Directory;
import dev.notify.spi.UserAccount;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A thread-safe in-memory {@link Directory} that the host fills: users, teams, followers. Reads
 * never block; writes are atomic per call. Team members and followers must be known users.
 *
 * @since 0.1.0
 */
public final class InMemoryDirectory implements Directory {
  private volatile LocalDate organizationCreatedOn;
  private final ConcurrentSkipListMap<String, UserAccount> users = new ConcurrentSkipListMap<>();
  private final ConcurrentHashMap<String, Set<String>> teams = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> followers = new ConcurrentHashMap<>();

  /** An empty directory of a new organisation. */
  public InMemoryDirectory() {}

  /** Sets the organisation's creation date ({@code null} for a new organisation). */
  public InMemoryDirectory organizationCreatedOn(LocalDate date) {
    this.organizationCreatedOn = date;
    return this;
  }

  /** Adds or replaces a user. */
  public InMemoryDirectory putUser(UserAccount user) {
    Checks.notNull(user, "user");
    users.put(user.id(), user);
    return this;
  }

  /**
   * Sets a team's members.
   *
   * @throws IllegalArgumentException quoting the first member that is not a known user
   */
  public InMemoryDirectory putTeam(String team, Collection<String> members) {
    Checks.text(team, "team");
    teams.put(team, Set.copyOf(known(members, "members")));
    return this;
  }

  /**
   * Sets a customer's followers.
   *
   * @throws IllegalArgumentException quoting the first follower that is not a known user
   */
  public InMemoryDirectory putFollowers(String customer, Collection<String> userIds) {
    Checks.text(customer, "customer");
    followers.put(customer, Set.copyOf(known(userIds, "followers")));
    return this;
  }

  /** Makes a user follow a customer. */
  public InMemoryDirectory follow(String customer, String userId) {
    Checks.text(customer, "customer");
    known(List.of(Checks.notNull(userId, "userId")), "userId");
    followers.compute(customer, (c, old) -> {
      Set<String> s = new TreeSet<>(old == null ? Set.of() : old);
      s.add(userId);
      return Set.copyOf(s);
    });
    return this;
  }

  private Collection<String> known(Collection<String> ids, String name) {
    Checks.noNulls(ids, name);
    for (String id : ids) {
      Checks.argument(users.containsKey(id), "%s: unknown user %s", name, Checks.quote(id));
    }
    return ids;
  }

  @Override
  public Optional<LocalDate> organizationCreatedOn() {
    return Optional.ofNullable(organizationCreatedOn);
  }

  @Override
  public Optional<UserAccount> user(String userId) {
    return Optional.ofNullable(users.get(Checks.notNull(userId, "userId")));
  }

  @Override
  public Collection<String> allUserIds() {
    return List.copyOf(users.keySet());
  }

  @Override
  public Set<String> teamMembers(String team) {
    return teams.getOrDefault(Checks.notNull(team, "team"), Set.of());
  }

  @Override
  public boolean hasTeam(String team) {
    return teams.containsKey(Checks.notNull(team, "team"));
  }

  @Override
  public Set<String> followers(String customer) {
    return followers.getOrDefault(Checks.notNull(customer, "customer"), Set.of());
  }

  /** Every team and its members, for display. */
  public Map<String, Set<String>> teams() {
    return Map.copyOf(teams);
  }
}
