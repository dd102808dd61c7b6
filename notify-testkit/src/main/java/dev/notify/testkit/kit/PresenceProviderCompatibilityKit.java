package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.notify.catalog.Presence;
import dev.notify.spi.PresenceProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PresenceProvider}; implementations' tests extend it and return a provider
 * where {@code "in"} is logged in and {@code "out"} is logged out.
 */
public abstract class PresenceProviderCompatibilityKit {
  /** A provider where user {@code in} is logged in and {@code out} is logged out. */
  protected abstract PresenceProvider createProvider();

  @Test
  void knownUsers() {
    PresenceProvider p = createProvider();
    assertEquals(Presence.LOGGED_IN, p.presence("in"));
    assertEquals(Presence.LOGGED_OUT, p.presence("out"));
  }

  @Test
  void unknownUser_isLoggedOut() {
    assertEquals(Presence.LOGGED_OUT, createProvider().presence("never-seen"));
  }

  @SuppressWarnings("NullAway") // passes null on purpose: the SPI must refuse it
  @Test
  void nullUser_isRejected() {
    assertThrows(NullPointerException.class, () -> createProvider().presence(null));
  }

  @Test
  void presences_answerForManyAtOnce_asPresenceDoes() {
    PresenceProvider p = createProvider();
    Map<String, Presence> all = p.presences(List.of("in", "out", "never-seen"));
    assertEquals(Presence.LOGGED_IN, all.get("in"));
    assertEquals(Presence.LOGGED_OUT, all.getOrDefault("out", Presence.LOGGED_OUT));
    assertEquals(Presence.LOGGED_OUT, all.getOrDefault("never-seen", Presence.LOGGED_OUT));
  }
}
