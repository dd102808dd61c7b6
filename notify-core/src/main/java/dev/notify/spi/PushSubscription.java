package dev.notify.spi;

import dev.notify.internal.Checks;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * One browser's Web Push subscription (RFC 8030, RFC 8291): where its push service takes messages
 * for it, and the keys they are encrypted to. A user has one per browser or device.
 *
 * @param userId whose browser it is
 * @param endpoint the push service's URL for this subscription (https, or http on loopback for
 *     tests); it identifies the subscription
 * @param p256dh the browser's P-256 public key, uncompressed (65 bytes, first 0x04)
 * @param auth the browser's authentication secret (16 bytes)
 * @param createdAt when it was subscribed
 * @since 0.3.0
 */
public record PushSubscription(
    String userId, URI endpoint, byte[] p256dh, byte[] auth, Instant createdAt) {
  /** The longest endpoint kept (push services' URLs are a few hundred characters). */
  public static final int MAX_ENDPOINT = 2000;

  /** Validates and copies the keys. */
  public PushSubscription {
    Checks.idText(userId, "userId");
    Checks.notNull(endpoint, "endpoint");
    Checks.notNull(p256dh, "p256dh");
    Checks.notNull(auth, "auth");
    Checks.notNull(createdAt, "createdAt");
    String scheme = String.valueOf(endpoint.getScheme()).toLowerCase(Locale.ROOT);
    String host = String.valueOf(endpoint.getHost());
    boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    Checks.argument(
        endpoint.isAbsolute()
            && endpoint.getHost() != null
            && (scheme.equals("https") || (scheme.equals("http") && loopback))
            && endpoint.toString().length() <= MAX_ENDPOINT,
        "endpoint must be an absolute https URL (http only on loopback) of at most %s characters,"
            + " got %s",
        MAX_ENDPOINT,
        Checks.quote(endpoint.toString()));
    Checks.argument(
        p256dh.length == 65 && p256dh[0] == 4,
        "p256dh must be an uncompressed P-256 point (65 bytes starting 0x04), got %s bytes",
        p256dh.length);
    Checks.argument(auth.length == 16, "auth must be 16 bytes, got %s", auth.length);
    p256dh = p256dh.clone();
    auth = auth.clone();
  }

  /** A subscription as the browser's {@code PushSubscription.toJSON()} gives its keys. */
  public static PushSubscription of(
      String userId, String endpoint, String p256dhBase64Url, String authBase64Url, Instant at) {
    Checks.notNull(endpoint, "endpoint");
    Base64.Decoder d = Base64.getUrlDecoder();
    byte[] key;
    byte[] secret;
    try {
      key = d.decode(Checks.notNull(p256dhBase64Url, "p256dh"));
      secret = d.decode(Checks.notNull(authBase64Url, "auth"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("p256dh and auth must be base64url: " + e.getMessage(), e);
    }
    return new PushSubscription(userId, URI.create(endpoint), key, secret, at);
  }

  @Override
  public byte[] p256dh() {
    return p256dh.clone();
  }

  @Override
  public byte[] auth() {
    return auth.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PushSubscription s
        && userId.equals(s.userId)
        && endpoint.equals(s.endpoint)
        && Arrays.equals(p256dh, s.p256dh)
        && Arrays.equals(auth, s.auth)
        && createdAt.equals(s.createdAt);
  }

  @Override
  public int hashCode() {
    return endpoint.hashCode();
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "PushSubscription[" + userId + ", " + endpoint + "]";
  }
}
