package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import java.time.Instant;
import java.util.List;
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

  /**
   * Whether the peer received {@code digest}. The default asks {@link #arrived} of each delivery,
   * as {@link Transport#deliverDigest}'s default sends each one; a transport with a combined form
   * overrides it.
   *
   * @since 0.2.0
   */
  protected boolean arrivedDigest(Digest digest) {
    for (Delivery d : digest.deliveries()) {
      if (!arrived(d)) {
        return false;
      }
    }
    return true;
  }

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
  void deliverDigest_reachesThePeer_andADigestNeverSentHasNotArrived() {
    Transport t = createTransport();
    Digest d =
        new Digest(
            "digest:kit-3", List.of(delivery(t.medium(), "kit-3"), delivery(t.medium(), "kit-4")));
    Digest never = new Digest("digest:kit-5", List.of(delivery(t.medium(), "kit-5")));
    t.deliverDigest(d);
    assertTrue(arrivedDigest(d));
    assertFalse(arrivedDigest(never));
  }

  @Test
  void deliverDigest_toABrokenPeer_throwsATransportException() {
    Transport t = createBrokenTransport();
    Digest d = new Digest("digest:kit-6", List.of(delivery(t.medium(), "kit-6")));
    assertThrows(TransportException.class, () -> t.deliverDigest(d));
  }

  @SuppressWarnings("NullAway") // passes null on purpose: the SPI must refuse it
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
    assertFalse(String.valueOf(thrown.getMessage()).isBlank());
  }
}
