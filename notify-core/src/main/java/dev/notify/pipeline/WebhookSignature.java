package dev.notify.pipeline;

import dev.notify.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The signature of a webhook's post, in its {@value #HEADER} header: {@code t=<seconds since the
 * epoch>,v1=<hex HMAC-SHA256>}, where the HMAC's key is the shared secret's UTF-8 bytes and its
 * message is {@code <t>.<body>} (the timestamp as written, a full stop, the body's bytes). A
 * receiver recomputes it, compares in constant time, and refuses a timestamp further than its
 * replay window from its own clock (five minutes is usual); each retry is signed again, with its
 * own timestamp, and keeps the event's id ({@value #ID_HEADER}) for de-duplication. A Java receiver
 * may call {@link #verify}; any other follows {@code docs/webhooks.md}. Stateless and thread-safe.
 *
 * @since 0.3.0
 */
public final class WebhookSignature {
  /** The header carrying the signature. */
  public static final String HEADER = "Notify-Signature";

  /** The header carrying the event's id: the idempotency key, the same on every retry. */
  public static final String ID_HEADER = "Notify-Webhook-Id";

  /** The header carrying the event's name ({@code sent}, {@code dead_letter} …). */
  public static final String EVENT_HEADER = "Notify-Event";

  private WebhookSignature() {}

  /** The header's value for {@code body} posted at {@code at}, signed with {@code secret}. */
  public static String sign(byte[] secret, Instant at, String body) {
    Checks.notNull(secret, "secret");
    Checks.notNull(at, "at");
    Checks.notNull(body, "body");
    long t = at.getEpochSecond();
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t + "." + body));
  }

  /**
   * Whether {@code header} is a signature of {@code body} with {@code secret}, made no further than
   * {@code window} from {@code now} (before or after it). A malformed header is not one.
   */
  public static boolean verify(
      byte[] secret, @Nullable String header, String body, Instant now, Duration window) {
    Checks.notNull(secret, "secret");
    Checks.notNull(body, "body");
    Checks.notNull(now, "now");
    Checks.notNull(window, "window");
    if (header == null) {
      return false;
    }
    String t = null;
    String v1 = null;
    for (String part : header.split(",", -1)) {
      String p = part.strip();
      if (p.startsWith("t=")) {
        t = p.substring(2);
      } else if (p.startsWith("v1=")) {
        v1 = p.substring(3);
      }
    }
    if (t == null || v1 == null || !t.matches("[0-9]{1,18}")) {
      return false;
    }
    long seconds = Long.parseLong(t);
    if (Math.abs(now.getEpochSecond() - seconds) > window.toSeconds()) {
      return false;
    }
    byte[] expected = hmac(secret, t + "." + body);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(v1);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  private static byte[] hmac(byte[] secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java platform has HmacSHA256; a key of any length is valid for it.
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
