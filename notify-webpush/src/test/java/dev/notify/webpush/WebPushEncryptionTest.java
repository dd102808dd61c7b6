package dev.notify.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** RFC 8291's own example, byte for byte, and round trips through a decryption of the test's. */
class WebPushEncryptionTest {
  private static final Base64.Decoder D = Base64.getUrlDecoder();

  // RFC 8291, Appendix A.
  static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
  static final String AS_PUBLIC =
      "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
  static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
  static final String UA_PUBLIC =
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
  static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
  static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
  static final String BODY =
      "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml"
          + "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT"
          + "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

  @Test
  void reproducesRfc8291AppendixA_byteForByte() {
    KeyPair server =
        new KeyPair(
            WebPushEncryption.publicKey(D.decode(AS_PUBLIC)),
            WebPushEncryption.privateKey(D.decode(AS_PRIVATE)));
    byte[] body =
        WebPushEncryption.encrypt(
            PLAINTEXT.getBytes(StandardCharsets.UTF_8),
            D.decode(UA_PUBLIC),
            D.decode(AUTH),
            server,
            D.decode(SALT));
    assertThat(body).isEqualTo(D.decode(BODY));
  }

  @Test
  void theUserAgentDecryptsTheRfcBody_andEveryFreshMessage() throws Exception {
    PushReceiver browser = PushReceiver.of(UA_PRIVATE, UA_PUBLIC, AUTH);
    assertThat(browser.decrypt(D.decode(BODY))).isEqualTo(PLAINTEXT);
    PushReceiver fresh = PushReceiver.generate();
    String text = "é😀 \"quoted\" ".repeat(100);
    byte[] one =
        WebPushEncryption.encrypt(
            text.getBytes(StandardCharsets.UTF_8), fresh.p256dh(), fresh.auth());
    byte[] two =
        WebPushEncryption.encrypt(
            text.getBytes(StandardCharsets.UTF_8), fresh.p256dh(), fresh.auth());
    assertThat(one).as("a fresh key and salt each time").isNotEqualTo(two);
    assertThat(fresh.decrypt(one)).isEqualTo(text);
    assertThat(fresh.decrypt(two)).isEqualTo(text);
    assertThatThrownBy(() -> browser.decrypt(one))
        .as("not for that browser")
        .isInstanceOf(Exception.class);
  }

  @Test
  void tooLongPlaintexts_andMalformedKeys_areRefused() {
    PushReceiver b = PushReceiver.generate();
    assertThat(
            WebPushEncryption.encrypt(
                new byte[WebPushEncryption.MAX_PLAINTEXT], b.p256dh(), b.auth()))
        .hasSize(WebPushEncryption.RECORD_SIZE);
    assertThatThrownBy(
            () ->
                WebPushEncryption.encrypt(
                    new byte[WebPushEncryption.MAX_PLAINTEXT + 1], b.p256dh(), b.auth()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 3993 bytes, got 3994");
    byte[] offCurve = b.p256dh();
    offCurve[40] ^= 1;
    assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[1], offCurve, b.auth()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[1], b.p256dh(), new byte[15]))
        .hasMessageContaining("authSecret must be 16 bytes, got 15");
  }
}
