package dev.notify.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.spi.Directory;
import dev.notify.spi.UserAccount;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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
    assertThat(d.organizationCreatedOn()).contains(ORG);
    assertThat(d.user("alice")).contains(USERS.get(0));
    assertThat(d.user("bob").orElseThrow().createdOn()).isNull();
    assertThat(d.user("mallory")).isEmpty();
    assertThat(d.users(List.of("carol", "mallory", "alice")))
        .extracting(UserAccount::id)
        .containsExactly("carol", "alice");
    assertThat(d.allUserIds()).containsExactlyInAnyOrder("alice", "bob", "carol");
    assertThat(d.allUsers()).extracting(UserAccount::id).containsExactlyElementsOf(d.allUserIds());
  }

  @Test
  void teamsAndFollowers() {
    Directory d = createDirectory();
    assertThat(d.teamMembers("billing")).containsExactlyInAnyOrder("alice", "bob");
    assertThat(d.hasTeam("billing")).isTrue();
    assertThat(d.hasTeam("sales")).isFalse();
    assertThat(d.teamMembers("sales")).isEmpty();
    assertThat(d.followers("cust-1")).containsExactly("carol");
    assertThat(d.followers("cust-2")).isEmpty();
  }
}
