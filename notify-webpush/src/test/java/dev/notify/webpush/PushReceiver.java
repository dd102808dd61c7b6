package dev.notify.webpush;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A browser's side of RFC 8291, written here from the RFC (it shares nothing with the encryption
 * but the key helpers): its subscription keys, and the decryption of a push body.
 */
public final class PushReceiver {
  private final ECPrivateKey privateKey;
  private final byte[] publicKey;
  private final byte[] auth;

  private PushReceiver(ECPrivateKey privateKey, byte[] publicKey, byte[] auth) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.auth = auth;
  }

  public static PushReceiver of(String priv, String pub, String auth) {
    Base64.Decoder d = Base64.getUrlDecoder();
    return new PushReceiver(
        WebPushEncryption.privateKey(d.decode(priv)), d.decode(pub), d.decode(auth));
  }

  public static PushReceiver generate() {
    KeyPair k = WebPushEncryption.newKeyPair();
    byte[] auth = new byte[16];
    new SecureRandom().nextBytes(auth);
    return new PushReceiver(
        (ECPrivateKey) k.getPrivate(),
        WebPushEncryption.uncompressed((ECPublicKey) k.getPublic()),
        auth);
  }

  public byte[] p256dh() {
    return publicKey.clone();
  }

  public byte[] auth() {
    return auth.clone();
  }

  /** The plaintext of a push body, as the browser reads it (RFC 8188 section 2, RFC 8291 3.4). */
  public String decrypt(byte[] body) throws GeneralSecurityException {
    ByteBuffer b = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    b.get(salt);
    int rs = b.getInt();
    int idlen = Byte.toUnsignedInt(b.get());
    byte[] keyId = new byte[idlen];
    b.get(keyId);
    byte[] record = new byte[b.remaining()];
    b.get(record);
    if (rs < 18 || record.length > rs) {
      throw new GeneralSecurityException("bad record size " + rs + " for " + record.length);
    }
    KeyAgreement ka = KeyAgreement.getInstance("ECDH");
    ka.init(privateKey);
    ka.doPhase(WebPushEncryption.publicKey(keyId), true);
    byte[] shared = ka.generateSecret();
    byte[] info =
        ByteBuffer.allocate(14 + 65 + 65)
            .put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
            .put(publicKey)
            .put(keyId)
            .array();
    byte[] ikm = expand(extract(auth, shared), info, 32);
    byte[] prk = extract(salt, ikm);
    byte[] cek =
        expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce = expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = c.doFinal(record);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 2) {
      throw new GeneralSecurityException("the last record must end with delimiter 2");
    }
    return new String(Arrays.copyOf(padded, end), StandardCharsets.UTF_8);
  }

  private static byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(salt, "HmacSHA256"));
    return m.doFinal(ikm);
  }

  private static byte[] expand(byte[] prk, byte[] info, int length)
      throws GeneralSecurityException {
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(prk, "HmacSHA256"));
    m.update(info);
    m.update((byte) 1);
    return Arrays.copyOf(m.doFinal(), length);
  }
}
