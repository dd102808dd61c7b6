package dev.notify.email;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of one message.
 *
 * @param messageId the message's {@link OutboundEmail#id()}
 * @param status sent, or which kind of failure
 * @param providerId the provider's id for a sent message, or {@code null}
 * @param errorCode the provider's error code (an SMTP reply code, a Postmark {@code ErrorCode}), 0
 *     when none
 * @param detail a description of the failure without addresses or body, empty when sent
 * @since 0.1.0
 */
public record SendResult(
    String messageId, Status status, @Nullable String providerId, int errorCode, String detail) {
  /** The kinds of outcome. */
  public enum Status {
    /** Accepted by the server or API. */
    SENT,
    /** Not worth retrying: rejected recipient, bad credentials, invalid message, too large. */
    PERMANENT,
    /** Worth retrying: rate limited, server busy or failing, nothing sent yet. */
    TRANSIENT,
    /** Maybe sent (a timeout after the request was written): reported, never resent blindly. */
    UNKNOWN
  }

  /** Validates. */
  public SendResult {
    Objects.requireNonNull(messageId, "messageId cannot be null");
    Objects.requireNonNull(status, "status cannot be null");
    Objects.requireNonNull(detail, "detail cannot be null");
  }

  static SendResult sent(OutboundEmail m, String providerId) {
    return new SendResult(m.id(), Status.SENT, providerId, 0, "");
  }

  static SendResult failed(OutboundEmail m, Status status, int code, String detail) {
    return new SendResult(m.id(), status, null, code, detail);
  }

  /** Whether the message was accepted. */
  public boolean sent() {
    return status == Status.SENT;
  }
}
