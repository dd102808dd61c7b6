package dev.notify.spi;

import dev.notify.NotifyException;
import dev.notify.internal.Checks;

/**
 * A transport could not deliver. Its {@link Kind} tells the pipeline whether to retry.
 *
 * @since 0.1.0
 */
public class TransportException extends NotifyException {
  private static final long serialVersionUID = 1L;

  /** Whether a failure is worth retrying. */
  public enum Kind {
    /** Worth retrying: rate limited, server busy, connection refused before anything was sent. */
    TRANSIENT,
    /** Not worth retrying: rejected recipient, bad credentials, invalid message. */
    PERMANENT,
    /** The message may or may not have gone out (a timeout after sending): reported, not resent. */
    UNKNOWN
  }

  private final Kind kind;

  /** Creates the exception. */
  public TransportException(Kind kind, String message) {
    super("", message);
    this.kind = Checks.notNull(kind, "kind");
  }

  /** Creates the exception with its cause. */
  public TransportException(Kind kind, String message, Throwable cause) {
    super("", message, cause);
    this.kind = Checks.notNull(kind, "kind");
  }

  /** Whether to retry. */
  public Kind kind() {
    return kind;
  }
}
