package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.Directory;
import dev.notify.spi.UserAccount;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe in-memory {@link Directory} that the host fills: users, teams, followers. Reads
 * never block; writes are atomic per call. Team members and followers must be known users.
 *
 * @since 0.1.0
 */
public final class InMemoryDirectory implements Directory {
  private volatile @Nullable LocalDate organizationCreatedOn;
  private final ConcurrentHashMap<String, UserAccount> users = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<String> ids = new ConcurrentSkipListSet<>();

  /**
   * Sorted snapshots of {@link #ids} and their accounts, made on the first read after a write, so
   * reads never copy.
   */
  /**
   * The users of a version of the directory, cached for the "everyone" audience. A writer bumps
   * {@link #version} after it changed the users; a reader uses the cache only when it was made at
   * the current version, so a snapshot computed while a write ran is never served after it.
   */
  private record Snapshot(long version, List<String> ids, List<UserAccount> accounts) {}

  private final AtomicLong version = new AtomicLong();
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

  private final ConcurrentHashMap<String, Set<String>> teams = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<String>> followers = new ConcurrentHashMap<>();

  /** An empty directory of a new organisation. */
  public InMemoryDirectory() {}

  /** Sets the organisation's creation date ({@code null} for a new organisation). */
  public InMemoryDirectory organizationCreatedOn(@Nullable LocalDate date) {
    this.organizationCreatedOn = date;
    return this;
  }

  /** Adds or replaces a user. */
  public InMemoryDirectory putUser(UserAccount user) {
    Checks.notNull(user, "user");
    if (users.put(user.id(), user) == null) {
      ids.add(user.id());
    }
    version.incrementAndGet(); // after the change: a snapshot of an older version is stale
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
    followers.compute(
        customer,
        (c, old) -> {
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
  public List<UserAccount> users(Collection<String> userIds) {
    Checks.notNull(userIds, "userIds");
    List<UserAccount> out = new ArrayList<>(userIds.size());
    for (String id : userIds) {
      UserAccount u = users.get(id);
      if (u != null) {
        out.add(u);
      }
    }
    return out;
  }

  /** Every user, sorted by id. */
  @Override
  public List<UserAccount> allUsers() {
    return current().accounts();
  }

  @Override
  public Collection<String> allUserIds() {
    return current().ids();
  }

  private Snapshot current() {
    long v = version.get();
    Snapshot s = snapshot.get();
    if (s != null && s.version() == v) {
      return s;
    }
    List<String> idList = List.copyOf(ids);
    Snapshot fresh = new Snapshot(v, idList, List.copyOf(users(idList)));
    snapshot.compareAndSet(s, fresh); // tagged with v: if a write ran meanwhile, it is not reused
    return fresh;
  }

  @Override
  public Set<String> teamMembers(String team) {
    return teams.getOrDefault(Checks.notNull(team, "team"), Set.of());
  }

  /**
   * The ids of the teams put so far, in no order (a copy).
   *
   * @since 0.2.0
   */
  public Set<String> teamIds() {
    return Set.copyOf(teams.keySet());
  }

  @Override
  public boolean hasTeam(String team) {
    return teams.containsKey(Checks.notNull(team, "team"));
  }

  @Override
  public Set<String> followers(String customer) {
    return followers.getOrDefault(Checks.notNull(customer, "customer"), Set.of());
  }
}
