package dev.notify.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A VAPID header verifies with the JDK's own verifier, and fails when anything is changed. */
class VapidTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  static boolean verifies(String header) throws Exception {
    Matcher m = Pattern.compile("vapid t=([^,]+), k=(\\S+)").matcher(header);
    assertThat(m.matches()).as(header).isTrue();
    String[] jwt = m.group(1).split("\\.");
    Signature v = Signature.getInstance("SHA256withECDSAinP1363Format");
    v.initVerify(WebPushEncryption.publicKey(Base64.getUrlDecoder().decode(m.group(2))));
    v.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    return v.verify(Base64.getUrlDecoder().decode(jwt[2]));
  }

  static String claims(String header) {
    String t = header.substring("vapid t=".length(), header.indexOf(','));
    return new String(Base64.getUrlDecoder().decode(t.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  @Test
  void theHeaderVerifies_namesThePushServicesOrigin_andExpiresWithinADay() throws Exception {
    Vapid vapid = Vapid.of(WebPushEncryption.newKeyPair(), "mailto:ops@helpdesk.example");
    String h =
        vapid.authorization(URI.create("https://fcm.googleapis.com:443/fcm/send/abc?x=1"), NOW);
    assertThat(verifies(h)).isTrue();
    assertThat(h).endsWith(", k=" + vapid.publicKey());
    long exp = NOW.plusSeconds(12 * 3600).getEpochSecond();
    assertThat(claims(h))
        .isEqualTo(
            "{\"aud\":\"https://fcm.googleapis.com:443\",\"exp\":"
                + exp
                + ",\"sub\":\"mailto:ops@helpdesk.example\"}");
    String header =
        new String(
            Base64.getUrlDecoder().decode(h.substring(8, h.indexOf('.'))), StandardCharsets.UTF_8);
    assertThat(header).isEqualTo("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
  }

  @Test
  void aTamperedTokenOrAnotherKey_failsToVerify() throws Exception {
    Vapid vapid = Vapid.of(WebPushEncryption.newKeyPair(), "mailto:ops@helpdesk.example");
    String h = vapid.authorization(URI.create("https://push.example/x"), NOW);
    String t = h.substring("vapid t=".length(), h.indexOf(','));
    String[] p = t.split("\\.");
    String otherClaims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims(h).replace("push.example", "evil.example").getBytes(StandardCharsets.UTF_8));
    assertThat(
            verifies(
                "vapid t=" + p[0] + "." + otherClaims + "." + p[2] + h.substring(h.indexOf(','))))
        .isFalse();
    Vapid other = Vapid.of(WebPushEncryption.newKeyPair(), "mailto:ops@helpdesk.example");
    assertThat(verifies("vapid t=" + t + ", k=" + other.publicKey())).isFalse();
  }

  @Test
  void keysRoundTripThroughConfiguration_andBadSubjectsAreRefused() throws Exception {
    var keys = WebPushEncryption.newKeyPair();
    Vapid a = Vapid.of(keys, "https://helpdesk.example/contact");
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    Vapid b =
        Vapid.of(
            e.encodeToString(WebPushEncryption.scalar((ECPrivateKey) keys.getPrivate())),
            a.publicKey(),
            "https://helpdesk.example/contact");
    assertThat(b.publicKey()).isEqualTo(a.publicKey());
    assertThat(verifies(b.authorization(URI.create("https://push.example/x"), NOW))).isTrue();
    assertThat(b.toString())
        .doesNotContain(
            e.encodeToString(WebPushEncryption.scalar((ECPrivateKey) keys.getPrivate())));
    assertThatThrownBy(() -> Vapid.of(keys, "ops@helpdesk.example"))
        .hasMessageContaining("mailto: or https:");
  }

  @Test
  void aTokenIsReusedForItsPushService_untilAnHourBeforeItExpires() throws Exception {
    Vapid vapid = Vapid.of(WebPushEncryption.newKeyPair(), "mailto:ops@helpdesk.example");
    URI fcm = URI.create("https://fcm.googleapis.com/fcm/send/a");
    String first = vapid.authorization(fcm, NOW);
    assertThat(
            vapid.authorization(
                URI.create("https://fcm.googleapis.com/fcm/send/b"), NOW.plusSeconds(60)))
        .as("same origin, a minute later")
        .isEqualTo(first);
    assertThat(vapid.authorization(URI.create("https://push.example/x"), NOW)).isNotEqualTo(first);
    String renewed = vapid.authorization(fcm, NOW.plusSeconds(11 * 3600 + 1));
    assertThat(renewed).isNotEqualTo(first);
    assertThat(verifies(renewed)).isTrue();
    assertThat(claims(renewed))
        .contains("\"exp\":" + NOW.plusSeconds(23 * 3600 + 1).getEpochSecond());
    assertThat(vapid.authorization(fcm, NOW.minusSeconds(60)))
        .as("the clock went back: a token of its own")
        .isNotEqualTo(renewed);
  }
}
