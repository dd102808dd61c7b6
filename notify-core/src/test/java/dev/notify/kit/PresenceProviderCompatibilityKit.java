package dev.notify.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.catalog.Presence;
import dev.notify.spi.PresenceProvider;
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
    assertThat(p.presence("in")).isEqualTo(Presence.LOGGED_IN);
    assertThat(p.presence("out")).isEqualTo(Presence.LOGGED_OUT);
  }

  @Test
  void unknownUser_isLoggedOut() {
    assertThat(createProvider().presence("never-seen")).isEqualTo(Presence.LOGGED_OUT);
  }

  @Test
  void nullUser_isRejected() {
    assertThatThrownBy(() -> createProvider().presence(null))
        .isInstanceOf(NullPointerException.class);
  }
}
