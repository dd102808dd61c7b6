package dev.notify.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.catalog.Presence;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTrackerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T09:00:00Z"));
  private final SessionTracker tracker = new SessionTracker(clock, Duration.ofMinutes(10));

  @Test
  void inactivity_timesOutAndActivityComesBack() {
    tracker.logIn("alice");
    clock.advance(Duration.ofMinutes(9));
    assertThat(tracker.presence("alice")).isEqualTo(Presence.LOGGED_IN);
    clock.advance(Duration.ofMinutes(1));
    assertThat(tracker.presence("alice")).isEqualTo(Presence.TIMED_OUT);
    tracker.heartbeat("alice");
    assertThat(tracker.presence("alice")).isEqualTo(Presence.LOGGED_IN);
  }

  @Test
  void heartbeat_keepsASessionAliveButNeverLogsIn() {
    tracker.logIn("alice");
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(8));
      tracker.heartbeat("alice");
    }
    assertThat(tracker.presence("alice")).isEqualTo(Presence.LOGGED_IN);
    tracker.logOut("alice");
    tracker.heartbeat("alice");
    tracker.heartbeat("bob");
    assertThat(tracker.presence("alice")).isEqualTo(Presence.LOGGED_OUT);
    assertThat(tracker.presence("bob")).isEqualTo(Presence.LOGGED_OUT);
  }

  @Test
  void timeout_mustBePositive() {
    assertThatThrownBy(() -> new SessionTracker(clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }
}
