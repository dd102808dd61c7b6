package dev.notify.email;

import dev.notify.NotifyException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Postmark-compatible HTTP API.
 *
 * @param baseUrl the API's base URL, {@code https://api.postmarkapp.com} for Postmark itself; a
 *     test server or another provider with the same API can be named here
 * @param serverToken the server token sent as {@code X-Postmark-Server-Token}
 * @param messageStream the message stream, {@code outbound} for transactional mail
 * @param connectTimeout how long to wait for a connection; positive
 * @param requestTimeout how long to wait for the response once the request is sent; positive
 * @since 0.1.0
 */
public record PostmarkConfig(
    URI baseUrl,
    String serverToken,
    String messageStream,
    Duration connectTimeout,
    Duration requestTimeout) {
  /** Postmark's API. */
  public static final URI POSTMARK = URI.create("https://api.postmarkapp.com");

  /** Validates. */
  public PostmarkConfig {
    Objects.requireNonNull(baseUrl, "baseUrl cannot be null");
    if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme())
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "baseUrl must be an http(s) URL, got " + NotifyException.quote(baseUrl));
    }
    Objects.requireNonNull(serverToken, "serverToken cannot be null");
    HeaderText.check(serverToken, "serverToken");
    if (serverToken.isBlank()) {
      throw new IllegalArgumentException("serverToken must not be blank");
    }
    Objects.requireNonNull(messageStream, "messageStream cannot be null");
    Objects.requireNonNull(connectTimeout, "connectTimeout cannot be null");
    Objects.requireNonNull(requestTimeout, "requestTimeout cannot be null");
    if (connectTimeout.isNegative()
        || connectTimeout.isZero()
        || requestTimeout.isNegative()
        || requestTimeout.isZero()) {
      throw new IllegalArgumentException(
          "timeouts must be positive, got " + connectTimeout + " and " + requestTimeout);
    }
  }

  /** Postmark itself, stream {@code outbound}, 10 s to connect, 30 s per request. */
  public static PostmarkConfig of(String serverToken) {
    return new PostmarkConfig(
        POSTMARK, serverToken, "outbound", Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /** This configuration against another base URL. */
  public PostmarkConfig withBaseUrl(URI baseUrl) {
    return new PostmarkConfig(baseUrl, serverToken, messageStream, connectTimeout, requestTimeout);
  }

  /** This configuration with other timeouts. */
  public PostmarkConfig withTimeouts(Duration connect, Duration request) {
    return new PostmarkConfig(baseUrl, serverToken, messageStream, connect, request);
  }

  @Override
  public String toString() {
    return "PostmarkConfig[" + baseUrl + ", stream " + messageStream + "]"; // never the token
  }
}
