package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Transport}: implementations' tests extend it, return a transport wired to
 * a real peer (an inbox, a mail server, an HTTP endpoint), and say whether a delivery arrived.
 */
public abstract class TransportCompatibilityKit {
  /** A transport wired to a working peer. */
  protected abstract Transport createTransport();

  /** A transport whose peer is down or refuses everything. */
  protected abstract Transport createBrokenTransport();

  /** Whether the peer received {@code delivery}. */
  protected abstract boolean arrived(Delivery delivery);

  /** A delivery for {@code medium}; override for a medium that needs more of the recipient. */
  protected Delivery delivery(Medium medium, String actionId) {
    return Deliveries.assigned(actionId, "alice", medium, Instant.parse("2024-05-01T09:00:00Z"));
  }

  @Test
  void medium_isTheSameForEveryTransportMadeTheSameWay() {
    // The pipeline routes by medium: two transports wired alike must claim the same one.
    assertEquals(createTransport().medium(), createTransport().medium());
  }

  @Test
  void deliver_reachesThePeer() {
    Transport t = createTransport();
    Delivery d = delivery(t.medium(), "kit-1");
    Delivery other = delivery(t.medium(), "kit-1-never-sent");
    t.deliver(d);
    assertTrue(arrived(d));
    // Guards the kit's own check: what was never sent has not arrived.
    assertFalse(arrived(other));
  }

  @Test
  void deliver_null_isRejected() {
    assertThrows(NullPointerException.class, () -> createTransport().deliver(null));
  }

  @Test
  void deliver_toABrokenPeer_throwsATransportExceptionThatSaysWhy() {
    Transport t = createBrokenTransport();
    TransportException thrown =
        assertThrows(TransportException.class, () -> t.deliver(delivery(t.medium(), "kit-2")));
    // A peer that is down or refuses is a failure the pipeline can classify and explain.
    assertFalse((thrown.getMessage()).isBlank());
  }
}
