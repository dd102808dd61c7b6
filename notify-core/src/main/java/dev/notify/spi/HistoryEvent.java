package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One thing that happened to a queued delivery, as its outbox recorded it in the same unit of work
 * as the change itself — so the history never says what did not stick.
 *
 * @param seq the store's sequence number: orders events recorded at the same instant
 * @param deliveryId the delivery ({@code actionId/userId/medium})
 * @param at when it happened
 * @param kind what happened
 * @param due when the delivery was due after it: queued, retried or deferred until; otherwise
 *     {@code null}
 * @param detail the decision's reason (queued), the transport's error (a failed attempt, a dead
 *     letter), the digest's id (sent in, gathered into or held back into a digest); otherwise empty
 * @param worker who made the change: the worker, or (redriven, purged) who asked — an operator's
 *     name, {@code "auto-redrive"}, {@code "retention"}; {@code null} for publish or when unknown
 * @since 0.3.0
 */
public record HistoryEvent(
    long seq,
    String deliveryId,
    Instant at,
    Kind kind,
    @Nullable Instant due,
    String detail,
    @Nullable String worker) {
  /** What happened to a delivery. */
  public enum Kind {
    /** Decided and queued by publish; {@code detail} is the decision's reason. */
    QUEUED,
    /** An attempt failed and the delivery waits for a retry at {@code due}. */
    ATTEMPT_FAILED,
    /** Held, without an attempt, until {@code due} (quiet hours after an unread deadline). */
    DEFERRED,
    /** Sent; {@code detail} names the digest it was sent in, if any. */
    SENT,
    /** Gathered into the digest {@code detail}, which another delivery sends. */
    GATHERED,
    /** Held back by the user's throttle into the digest {@code detail}. */
    THROTTLED,
    /** Not sent: the in-app notification was read in time. */
    READ_IN_TIME,
    /** A dead letter; {@code detail} says why. */
    DEAD_LETTER,
    /** Put back in the outbox by an operator. */
    REDRIVEN,
    /** Deleted as a dead letter by an operator or the dead-letter retention. */
    PURGED
  }

  /** Validates. */
  public HistoryEvent {
    Checks.notNull(deliveryId, "deliveryId");
    Checks.notNull(at, "at");
    Checks.notNull(kind, "kind");
    Checks.notNull(detail, "detail");
  }

  /** The recipient's id, read from the delivery id. */
  public String userId() {
    return part(1);
  }

  /** The action's id, read from the delivery id. */
  public String actionId() {
    return part(0);
  }

  /** The medium's id, the delivery id's last part. */
  public String medium() {
    return part(2);
  }

  /** Part {@code n} of the delivery id, unescaped; the whole id when it is not one. */
  private String part(int n) {
    String[] parts = deliveryId.split("/", -1);
    if (parts.length != 3) {
      return deliveryId;
    }
    String p = parts[n];
    return p.indexOf('%') < 0 ? p : p.replace("%2F", "/").replace("%25", "%");
  }

  /** Whether nothing more happens to the delivery after this event (until an operator acts). */
  public boolean terminal() {
    return switch (kind) {
      case SENT, GATHERED, THROTTLED, READ_IN_TIME, DEAD_LETTER, PURGED -> true;
      default -> false;
    };
  }

  /** What happened, in English, as an operator reads it. */
  public String explain() {
    String by = worker == null ? "" : " by " + worker;
    return switch (kind) {
      case QUEUED -> "queued, due " + due + (detail.isEmpty() ? "" : ": " + detail);
      case ATTEMPT_FAILED -> "an attempt" + by + " failed (" + detail + "); retried at " + due;
      case DEFERRED -> "held until " + due;
      case SENT -> "sent" + by + (detail.isEmpty() ? "" : " in digest " + detail);
      case GATHERED -> "gathered into digest " + detail + ", sent by another delivery";
      case THROTTLED -> "held back by the email limit into digest " + detail;
      case READ_IN_TIME -> "not sent: the notification was read in the app in time";
      case DEAD_LETTER -> "a dead letter: " + detail;
      case REDRIVEN -> "redriven by " + (worker == null ? "an operator" : worker);
      case PURGED -> "purged as a dead letter" + by;
    };
  }
}
