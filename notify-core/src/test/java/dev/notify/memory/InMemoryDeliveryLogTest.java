package dev.notify.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.catalog.Medium;
import org.junit.jupiter.api.Test;

/** The in-memory log's bound: the idempotency window of the last {@code maxClaims} claims. */
class InMemoryDeliveryLogTest {
  @Test
  void forgetsTheOldestActionsPastTheBound() {
    InMemoryDeliveryLog log = new InMemoryDeliveryLog(4);
    assertThat(log.claim("a1", "u1", Medium.IN_APP)).isTrue();
    assertThat(log.claim("a1", "u2", Medium.IN_APP)).isTrue();
    assertThat(log.claim("a2", "u1", Medium.IN_APP)).isTrue();
    assertThat(log.claim("a2", "u2", Medium.EMAIL)).isTrue();
    assertThat(log.claim("a3", "u1", Medium.IN_APP)).isTrue(); // the fifth claim: a1 is forgotten

    assertThat(log.size()).isEqualTo(3);
    assertThat(log.claim("a2", "u2", Medium.EMAIL)).isFalse();
    assertThat(log.claim("a3", "u1", Medium.IN_APP)).isFalse();
    assertThat(log.claim("a1", "u1", Medium.IN_APP)).isTrue(); // outside the window: claimed again
  }

  @Test
  void anActionBiggerThanTheBoundIsRememberedWhole() {
    InMemoryDeliveryLog log = new InMemoryDeliveryLog(3);
    for (int i = 0; i < 5; i++) {
      assertThat(log.forAction("big").claim("u" + i, Medium.IN_APP)).isTrue();
    }
    for (int i = 0; i < 5; i++) {
      assertThat(log.claim("big", "u" + i, Medium.IN_APP)).as("u%d", i).isFalse();
    }
    // The next action pushes it out.
    assertThat(log.claim("next", "u0", Medium.IN_APP)).isTrue();
    assertThat(log.claim("big", "u0", Medium.IN_APP)).isTrue();
  }

  @Test
  void theBoundMustBePositive() {
    assertThatThrownBy(() -> new InMemoryDeliveryLog(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }
}
