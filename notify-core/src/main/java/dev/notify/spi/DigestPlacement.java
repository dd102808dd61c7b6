package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link DigestBook} placed a delivery: alone (no digest, or the opener of a window sent at
 * once), or in a digest, which one of its entries sends.
 *
 * @param digestId the digest window it belongs to, or {@code null} when it is in none
 * @param alone whether it goes out by itself
 * @param senderId for a delivery in a digest, the id of the delivery whose outbox entry sends the
 *     digest (the first one placed in it, or the one that filled it); {@code null} when alone
 * @param sendFrom for a delivery in a digest, when the digest may go out before quiet hours: the
 *     window's end, or the due instant of the delivery that filled it; {@code null} when alone
 * @since 0.2.0
 */
public record DigestPlacement(
    @Nullable String digestId,
    boolean alone,
    @Nullable String senderId,
    @Nullable Instant sendFrom) {
  /** Validates: a digested placement names its digest, sender and send instant. */
  public DigestPlacement {
    if (alone) {
      Checks.argument(
          senderId == null && sendFrom == null,
          "a delivery sent alone has no sender or send instant, got %s and %s",
          senderId,
          sendFrom);
    } else {
      Checks.notNull(digestId, "digestId");
      Checks.notNull(senderId, "senderId");
      Checks.notNull(sendFrom, "sendFrom");
    }
  }

  /** Not digested: it goes out by itself. */
  public static final DigestPlacement NONE = new DigestPlacement(null, true, null, null);

  /** The opener of window {@code digestId}, sent at once by itself ({@code flushFirst}). */
  public static DigestPlacement opener(String digestId) {
    return new DigestPlacement(Checks.notNull(digestId, "digestId"), true, null, null);
  }

  /** A member of digest {@code digestId}, sent by {@code senderId} from {@code sendFrom}. */
  public static DigestPlacement member(String digestId, String senderId, Instant sendFrom) {
    return new DigestPlacement(digestId, false, senderId, sendFrom);
  }

  /**
   * Whether the delivery was held back by its user's throttle and gathered into the throttle's
   * digest, sent when the throttle window ends.
   *
   * @since 0.3.0
   */
  public boolean throttled() {
    return !alone && digestId != null && Digest.isThrottle(digestId);
  }

  /** Whether the outbox entry of {@code deliveryId} is the one that sends this digest. */
  public boolean sentBy(String deliveryId) {
    return !alone && deliveryId.equals(senderId);
  }
}
