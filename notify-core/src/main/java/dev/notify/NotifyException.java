package dev.notify;

import dev.notify.internal.Checks;
import java.util.Collection;
import java.util.Objects;

/**
 * The one exception type of the library for invalid input that is not a plain bad argument: an
 * invalid settings document, scenario, catalog or stored state. It carries the path of the bad
 * field (for example {@code users.bob.settings[0].event}) so that the host can point at it.
 *
 * <p>Plain argument errors use the JDK types: {@link NullPointerException} for a {@code null}
 * argument and {@link IllegalArgumentException} for a bad value.
 *
 * @since 0.1.0
 */
public class NotifyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String rawPath;
  private final String rawMessage;

  /**
   * Creates an exception for the field at {@code path}.
   *
   * @param path the path of the bad field, empty when the whole input is at fault; never null
   * @param message what is wrong, quoting the bad value
   */
  public NotifyException(String path, String message) {
    super(compose(path, message));
    this.rawPath = path;
    this.rawMessage = message;
    this.path = Checks.escape(path, Integer.MAX_VALUE);
  }

  /**
   * Creates an exception for the field at {@code path} caused by {@code cause}.
   *
   * @param path the path of the bad field, empty when the whole input is at fault; never null
   * @param message what is wrong, quoting the bad value
   * @param cause the underlying failure
   */
  public NotifyException(String path, String message, Throwable cause) {
    super(compose(path, message), cause);
    this.rawPath = path;
    this.rawMessage = message;
    this.path = Checks.escape(path, Integer.MAX_VALUE);
  }

  /**
   * Quotes a value the way every message of the library does (double quotes, escaped quotes and
   * control characters), for adapters that report bad values in the same style.
   */
  public static String quote(Object value) {
    return Checks.quote(value);
  }

  /**
   * The tail of an "unknown …" message: {@code " (known: a, b, c)"}, the known values closest to
   * {@code given} first (by edit distance, ignoring case), at most 12, so a typo's fix comes first.
   * For adapters and hosts whose own messages should read like the library's.
   *
   * @since 0.2.0
   */
  public static String known(String given, Collection<String> candidates) {
    return Checks.known(given, Objects.requireNonNull(candidates, "candidates cannot be null"));
  }

  /**
   * The path of the bad field, for example {@code settings[2].channel}; empty for the whole input.
   * Characters that would break the message's line (a key with a line break, say) are escaped.
   */
  public String path() {
    return path;
  }

  /**
   * Returns a copy of this exception whose path is prefixed by {@code parent}, so that a nested
   * validator can report {@code settings[0].channel} and its caller {@code
   * users.bob.settings[0].channel}.
   */
  public NotifyException under(String parent) {
    Objects.requireNonNull(parent, "parent cannot be null");
    String joined =
        rawPath.isEmpty()
            ? parent
            : parent.isEmpty() ? rawPath : parent + (rawPath.startsWith("[") ? "" : ".") + rawPath;
    return new NotifyException(joined, rawMessage, this);
  }

  private static String compose(String path, String message) {
    Objects.requireNonNull(path, "path cannot be null");
    Objects.requireNonNull(message, "message cannot be null");
    return path.isEmpty() ? message : Checks.escape(path, Integer.MAX_VALUE) + ": " + message;
  }
}
