package dev.notify.email;

import dev.notify.NotifyException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach an SMTP server.
 *
 * @param host the server's host name
 * @param port the port, 1 to 65535
 * @param security plain, STARTTLS (required, not opportunistic) or implicit TLS
 * @param username the user name, or {@code null} for no authentication
 * @param password the password, or {@code null}
 * @param connectTimeout how long to wait for a connection; positive (Angus Mail's own default is
 *     infinite)
 * @param readTimeout how long to wait for each reply; positive
 * @param writeTimeout how long a write may block; positive
 * @param sendTimeout how long one message may take in all, connecting included; positive. Per-read
 *     timeouts alone do not bound a server that answers one byte at a time; past this deadline the
 *     connection is cut and the send is unknown (or transient, when the message was not started)
 * @since 0.1.0
 */
public record SmtpConfig(
    String host,
    int port,
    Security security,
    @Nullable String username,
    @Nullable String password,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Duration sendTimeout) {
  /** Transport security. */
  public enum Security {
    /** No encryption: only for a server on the same machine or a test server. */
    NONE,
    /** Upgrade with STARTTLS; fail if the server does not offer it. */
    STARTTLS,
    /** Implicit TLS from the first byte (SMTPS, usually port 465). */
    TLS
  }

  /** Validates. */
  public SmtpConfig {
    Objects.requireNonNull(host, "host cannot be null");
    if (host.isBlank() || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
      throw new IllegalArgumentException(
          "host must be a host name or address, got " + NotifyException.quote(host));
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    Objects.requireNonNull(security, "security cannot be null");
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("username and password go together");
    }
    positive(connectTimeout, "connectTimeout");
    positive(readTimeout, "readTimeout");
    positive(writeTimeout, "writeTimeout");
    positive(sendTimeout, "sendTimeout");
  }

  /**
   * The 0.1.0 constructor: the overall send deadline is the sum of the three timeouts.
   *
   * @since 0.1.0
   */
  public SmtpConfig(
      String host,
      int port,
      Security security,
      @Nullable String username,
      @Nullable String password,
      Duration connectTimeout,
      Duration readTimeout,
      Duration writeTimeout) {
    this(
        host,
        port,
        security,
        username,
        password,
        connectTimeout,
        readTimeout,
        writeTimeout,
        sum(connectTimeout, readTimeout, writeTimeout));
  }

  private static Duration sum(Duration a, Duration b, Duration c) {
    // Nulls and non-positive values are reported by the canonical constructor, by name.
    if (a == null || b == null || c == null) {
      return Duration.ofSeconds(1);
    }
    try {
      return a.plus(b).plus(c);
    } catch (ArithmeticException e) {
      return a;
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name + " cannot be null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  /**
   * A server without TLS or authentication, with the default timeouts (10 s connect, 30 s read and
   * write, 70 s for a whole message).
   */
  public static SmtpConfig plain(String host, int port) {
    return new SmtpConfig(
        host,
        port,
        Security.NONE,
        null,
        null,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30));
  }

  /** This configuration with STARTTLS or TLS. */
  public SmtpConfig withSecurity(Security security) {
    return new SmtpConfig(
        host,
        port,
        security,
        username,
        password,
        connectTimeout,
        readTimeout,
        writeTimeout,
        sendTimeout);
  }

  /** This configuration with credentials. */
  public SmtpConfig withCredentials(String username, String password) {
    return new SmtpConfig(
        host,
        port,
        security,
        Objects.requireNonNull(username, "username cannot be null"),
        Objects.requireNonNull(password, "password cannot be null"),
        connectTimeout,
        readTimeout,
        writeTimeout,
        sendTimeout);
  }

  /**
   * This configuration with other per-operation timeouts; the overall send deadline becomes their
   * sum.
   */
  public SmtpConfig withTimeouts(Duration connect, Duration read, Duration write) {
    return new SmtpConfig(host, port, security, username, password, connect, read, write);
  }

  /**
   * This configuration with another overall deadline for one message, connecting included.
   *
   * @since 0.2.0
   */
  public SmtpConfig withSendTimeout(Duration sendTimeout) {
    return new SmtpConfig(
        host,
        port,
        security,
        username,
        password,
        connectTimeout,
        readTimeout,
        writeTimeout,
        sendTimeout);
  }

  @Override
  public String toString() {
    // Never print the password.
    return "SmtpConfig["
        + host
        + ":"
        + port
        + ", "
        + security
        + (username == null ? "" : ", user " + username)
        + "]";
  }
}
