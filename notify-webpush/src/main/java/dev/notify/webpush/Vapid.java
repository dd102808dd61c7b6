package dev.notify.webpush;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Voluntary application server identification for Web Push (RFC 8292): the application's P-256 key
 * pair, whose public half the browser subscribes with ({@code applicationServerKey}), and a
 * contact. Each push carries {@code Authorization: vapid t=<JWT>, k=<public key>}: a JWT signed
 * with ES256 (the JDK's {@code SHA256withECDSAinP1363Format}) whose {@code aud} is the push
 * service's origin and whose {@code exp} is at most 24 hours ahead ({@value #LIFETIME_HOURS} here).
 * Immutable and thread-safe; {@code toString} never shows the private key.
 *
 * @since 0.3.0
 */
public final class Vapid {
  /** How long a token is valid: RFC 8292 allows 24 hours at most. */
  public static final int LIFETIME_HOURS = 12;

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final ECPrivateKey privateKey;
  private final byte[] publicKey;
  private final String subject;

  private Vapid(ECPrivateKey privateKey, ECPublicKey publicKey, String subject) {
    this.privateKey = privateKey;
    this.publicKey = WebPushEncryption.uncompressed(publicKey);
    Objects.requireNonNull(subject, "subject cannot be null");
    String s = subject.toLowerCase(Locale.ROOT);
    if (!(s.startsWith("mailto:") || s.startsWith("https://")) || subject.length() > 500) {
      throw new IllegalArgumentException(
          "subject must be a mailto: or https: contact, got \"" + subject + "\"");
    }
    this.subject = subject;
  }

  /**
   * The application's key pair and contact.
   *
   * @param keys a P-256 key pair (keep it: browsers subscribed with its public half)
   * @param subject {@code mailto:ops@example.com} or an {@code https:} page, for push services to
   *     reach the operator
   */
  public static Vapid of(KeyPair keys, String subject) {
    Objects.requireNonNull(keys, "keys cannot be null");
    if (!(keys.getPrivate() instanceof ECPrivateKey priv)
        || !(keys.getPublic() instanceof ECPublicKey pub)) {
      throw new IllegalArgumentException("keys must be an EC (P-256) key pair");
    }
    return new Vapid(priv, pub, subject);
  }

  /**
   * The key pair as configuration stores it: the private scalar and the public point, base64url
   * (what {@code web-push generate-vapid-keys} prints).
   */
  public static Vapid of(String privateKeyBase64Url, String publicKeyBase64Url, String subject) {
    Base64.Decoder d = Base64.getUrlDecoder();
    return new Vapid(
        WebPushEncryption.privateKey(d.decode(privateKeyBase64Url)),
        WebPushEncryption.publicKey(d.decode(publicKeyBase64Url)),
        subject);
  }

  /** The public key, base64url: the browser's {@code applicationServerKey}. */
  public String publicKey() {
    return B64.encodeToString(publicKey);
  }

  /** The contact. */
  public String subject() {
    return subject;
  }

  /**
   * The {@code Authorization} header of a push to {@code endpoint} at {@code now}.
   *
   * @throws IllegalArgumentException when the endpoint has no scheme or host
   */
  public String authorization(URI endpoint, Instant now) {
    return "vapid t=" + token(endpoint, now) + ", k=" + publicKey();
  }

  /** A signed token for one push service, and the instants it was made for and expires at. */
  private record Token(String jwt, Instant issued, Instant expires) {}

  /**
   * Tokens by push service origin: a signature per push would sign thousands of times what one
   * token says; one is reused while it has over an hour left (and the clock did not go back).
   */
  private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();

  /** The signed JWT for {@code endpoint}'s push service, valid {@value #LIFETIME_HOURS} hours. */
  String token(URI endpoint, Instant now) {
    Objects.requireNonNull(endpoint, "endpoint cannot be null");
    if (endpoint.getScheme() == null || endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be absolute, got " + endpoint);
    }
    String audience =
        endpoint.getScheme().toLowerCase(Locale.ROOT)
            + "://"
            + endpoint.getHost().toLowerCase(Locale.ROOT)
            + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
    Token cached = tokens.get(audience);
    if (cached != null
        && !now.isBefore(cached.issued())
        && now.isBefore(cached.expires().minus(Duration.ofHours(1)))) {
      return cached.jwt();
    }
    long exp = now.plus(Duration.ofHours(LIFETIME_HOURS)).getEpochSecond();
    String header =
        B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
    String claims =
        B64.encodeToString(
            ("{\"aud\":\""
                    + Json.escape(audience)
                    + "\",\"exp\":"
                    + exp
                    + ",\"sub\":\""
                    + Json.escape(subject)
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    String signed = header + "." + claims;
    try {
      Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
      es256.initSign(privateKey);
      es256.update(signed.getBytes(StandardCharsets.US_ASCII));
      String jwt = signed + "." + B64.encodeToString(es256.sign());
      tokens.put(audience, new Token(jwt, now, Instant.ofEpochSecond(exp)));
      return jwt;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("VAPID signing failed: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "Vapid[" + subject + ", k=" + publicKey() + "]";
  }
}
