package dev.notify.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.testing.MethodCalls;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "When does an email go?" is answered in one class: the quiet-hours release, the digest window's
 * and the throttle window's arithmetic are called by {@link TimelinePolicy} only, over the compiled
 * classes of notify-core (the publisher, the workers, both books and {@code explain} ask the
 * policy).
 */
class OnePolicyTest {
  private static final String POLICY = "dev/notify/timeline/TimelinePolicy";
  private static MethodCalls calls;

  @BeforeAll
  static void read() {
    calls = MethodCalls.read(Path.of("target/classes"));
  }

  @Test
  void onlyThePolicyReleasesFromQuietHours() {
    assertThat(calls.callersOf("dev/notify/timeline/QuietHours.release")).containsOnly(POLICY);
  }

  @Test
  void onlyThePolicyComputesDigestWindows() {
    for (String m : Set.of("window", "max", "flushFirst")) {
      // contains(POLICY) first: an empty set of callers would pass allMatch without a look.
      assertThat(calls.callersOf("dev/notify/timeline/DigestPolicy." + m))
          .as("callers of DigestPolicy.%s", m)
          .contains(POLICY)
          .allMatch(c -> c.equals(POLICY) || c.equals("dev/notify/timeline/DigestPolicy"));
    }
    assertThat(calls.callersOf("dev/notify/timeline/DigestWindow.<init>"))
        .allMatch(c -> c.startsWith("dev/notify/timeline/DigestWindow") || c.equals(POLICY))
        .contains(POLICY);
  }

  @Test
  void onlyThePolicyComputesThrottleWindows() {
    for (String m : Set.of("max", "window")) {
      assertThat(calls.callersOf("dev/notify/timeline/Throttle." + m))
          .as("callers of Throttle.%s", m)
          .contains(POLICY)
          .allMatch(c -> c.equals(POLICY) || c.equals("dev/notify/timeline/Throttle"));
    }
    assertThat(calls.callersOf("dev/notify/timeline/ThrottleWindow.<init>"))
        .allMatch(c -> c.startsWith("dev/notify/timeline/ThrottleWindow") || c.equals(POLICY))
        .contains(POLICY);
    assertThat(calls.callersOf("dev/notify/timeline/TimelinePolicy.count"))
        .contains("dev/notify/timeline/Timeline", "dev/notify/memory/InMemoryDigestBook");
  }

  @Test
  void theReaderSeesCallsAtAll() {
    // Guards the test above against a reader that finds nothing (it would pass vacuously).
    assertThat(calls.callersOf("dev/notify/timeline/TimelinePolicy.place"))
        .contains("dev/notify/timeline/Timeline", "dev/notify/memory/InMemoryDigestBook");
    assertThat(calls.callersOf("dev/notify/timeline/TimelinePolicy.due"))
        .contains("dev/notify/pipeline/Publisher", "dev/notify/timeline/Timeline");
  }
}
