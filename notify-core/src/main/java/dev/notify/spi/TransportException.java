package dev.notify.spi;

import dev.notify.NotifyException;
import dev.notify.internal.Checks;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
  private final @Nullable Duration retryAfter;

  /** Creates the exception. */
  public TransportException(Kind kind, String message) {
    super("", message);
    this.kind = Checks.notNull(kind, "kind");
    this.retryAfter = null;
  }

  /** Creates the exception with its cause. */
  public TransportException(Kind kind, String message, Throwable cause) {
    super("", message, cause);
    this.kind = Checks.notNull(kind, "kind");
    this.retryAfter = null;
  }

  /**
   * A transient failure whose peer asked to wait {@code retryAfter} (its {@code Retry-After}): the
   * retry waits at least that long (a day at most), or the backoff if longer.
   *
   * @throws IllegalArgumentException when {@code retryAfter} is negative
   * @since 0.3.0
   */
  public TransportException(String message, Duration retryAfter) {
    super("", message);
    this.kind = Kind.TRANSIENT;
    Checks.notNull(retryAfter, "retryAfter");
    Checks.argument(
        !retryAfter.isNegative(), "retryAfter must not be negative, got %s", retryAfter);
    this.retryAfter = retryAfter;
  }

  /**
   * How long the peer asked to wait before a retry, if it did.
   *
   * @since 0.3.0
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether to retry. */
  public Kind kind() {
    return kind;
  }
}
