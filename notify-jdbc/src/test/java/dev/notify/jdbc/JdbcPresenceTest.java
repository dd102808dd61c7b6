package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Presence;
import dev.notify.memory.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Presence by session, as two instances of a host see it through one database. */
class JdbcPresenceTest {
  private static DataSource db(String which) {
    return which.equals("h2") ? Databases.h2() : Databases.postgres();
  }

  /** An instance's presence over the tables of {@code prefix}, time-out 15 minutes. */
  private static JdbcPresence presence(DataSource ds, String prefix, ManualClock clock) {
    return JdbcStores.builder(ds)
        .tablePrefix(prefix)
        .clock(clock)
        .sessionTimeout(Duration.ofMinutes(15))
        .build()
        .presence();
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void aUserIsLoggedIn_whileAnySessionAnywhereLives(String which) {
    ManualClock clock = new ManualClock(Instant.parse("2024-05-01T09:00:00Z"));
    String prefix = Databases.freshPrefix();
    DataSource ds = db(which); // one database (each call of Databases.h2() makes a new one)
    // Two instances: two stores over the same tables.
    JdbcPresence a = presence(ds, prefix, clock);
    JdbcPresence b = presence(ds, prefix, clock);

    a.logIn("alice", "tab-a1");
    b.logIn("alice", "tab-b1");
    b.logIn("alice", "tab-b1"); // again: the same session
    a.logOut("alice", "tab-a1");
    assertThat(b.presence("alice")).as("her tab on b is open").isEqualTo(Presence.LOGGED_IN);
    b.logOut("alice", "tab-b1");
    assertThat(a.presence("alice"))
        .as("her last tab anywhere closed")
        .isEqualTo(Presence.LOGGED_OUT);

    a.logIn("bob", "t1");
    a.logIn("bob", "t2");
    clock.advance(Duration.ofMinutes(10));
    b.heartbeat("bob");
    clock.advance(Duration.ofMinutes(10));
    assertThat(a.presence("bob")).as("active 10 min ago").isEqualTo(Presence.LOGGED_IN);
    clock.advance(Duration.ofMinutes(6));
    assertThat(a.presences(List.of("bob", "alice", "carol")))
        .isEqualTo(
            Map.of(
                "bob", Presence.TIMED_OUT,
                "alice", Presence.LOGGED_OUT,
                "carol", Presence.LOGGED_OUT));
    b.heartbeat("alice");
    assertThat(a.presence("alice")).as("a heartbeat logs nobody in").isEqualTo(Presence.LOGGED_OUT);
    a.logIn("carol"); // a host that counts no sessions
    b.logOut("carol");
    assertThat(a.presence("carol")).isEqualTo(Presence.LOGGED_OUT);
    a.logIn("bob", "t3");
    b.logOut("bob");
    assertThat(a.presence("bob"))
        .as("logging out ends every session")
        .isEqualTo(Presence.LOGGED_OUT);
  }
}
