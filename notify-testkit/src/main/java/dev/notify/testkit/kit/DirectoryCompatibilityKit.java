package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.spi.Directory;
import dev.notify.spi.UserAccount;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Directory}; implementations' tests extend it and build a directory of the
 * given organisation.
 */
public abstract class DirectoryCompatibilityKit {
  /** The organisation every test reads. */
  protected static final LocalDate ORG = LocalDate.of(2019, 3, 1);

  protected static final List<UserAccount> USERS =
      List.of(
          new UserAccount("alice", LocalDate.of(2019, 4, 1), "alice@example.test"),
          new UserAccount("bob", null, null),
          new UserAccount("carol", LocalDate.of(2020, 1, 1), "carol@example.test"));
  protected static final Map<String, Set<String>> TEAMS = Map.of("billing", Set.of("alice", "bob"));
  protected static final Map<String, Set<String>> FOLLOWERS = Map.of("cust-1", Set.of("carol"));

  /** A directory holding {@link #ORG}, {@link #USERS}, {@link #TEAMS} and {@link #FOLLOWERS}. */
  protected abstract Directory createDirectory();

  @Test
  void users_areFoundByIdAndUnknownOnesAreEmpty() {
    Directory d = createDirectory();
    assertEquals(Optional.of(ORG), d.organizationCreatedOn());
    assertEquals(Optional.of(USERS.get(0)), d.user("alice"));
    assertNull(d.user("bob").orElseThrow().createdOn());
    assertTrue((d.user("mallory")).isEmpty());
    assertEquals(
        List.of("carol", "alice"),
        d.users(List.of("carol", "mallory", "alice")).stream().map(UserAccount::id).toList());
    List<String> all = List.copyOf(d.allUserIds());
    assertEquals(Set.of("alice", "bob", "carol"), Set.copyOf(all));
    assertEquals(3, all.size(), "each user once");
    assertEquals(all, d.allUsers().stream().map(UserAccount::id).toList());
  }

  @Test
  void teamsAndFollowers() {
    Directory d = createDirectory();
    assertEquals(Set.of("alice", "bob"), Set.copyOf(d.teamMembers("billing")));
    assertTrue(d.hasTeam("billing"));
    assertFalse(d.hasTeam("sales"));
    assertTrue((d.teamMembers("sales")).isEmpty());
    assertEquals(List.of("carol"), List.copyOf(d.followers("cust-1")));
    assertTrue((d.followers("cust-2")).isEmpty());
  }
}
