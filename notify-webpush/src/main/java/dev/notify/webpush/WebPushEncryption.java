package dev.notify.webpush;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291), in the {@code aes128gcm} content coding (RFC 8188),
 * with the JDK's own ECDH on P-256, HMAC-SHA-256 (HKDF) and AES-128-GCM: one record of {@value
 * #RECORD_SIZE} bytes at most, a fresh key pair and salt per message. Stateless and thread-safe.
 *
 * @since 0.3.0
 */
public final class WebPushEncryption {
  /** The record size written in the header: a push message is one record. */
  public static final int RECORD_SIZE = 4096;

  /** The header: salt (16), record size (4), key id length (1), the server's public key (65). */
  public static final int HEADER = 16 + 4 + 1 + 65;

  /**
   * The longest plaintext one message carries: the record less the header, the GCM tag (16) and the
   * padding delimiter (1). Push services take 4096-byte bodies at least (RFC 8030).
   */
  public static final int MAX_PLAINTEXT = RECORD_SIZE - HEADER - 16 - 1;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ECParameterSpec P256 = p256();

  private WebPushEncryption() {}

  /**
   * Encrypts {@code plaintext} for the browser whose subscription has {@code uaPublic} and {@code
   * authSecret}.
   *
   * @param uaPublic the subscription's {@code p256dh}: an uncompressed P-256 point (65 bytes)
   * @param authSecret the subscription's {@code auth} (16 bytes)
   * @return the request body: header, then the one encrypted record
   * @throws IllegalArgumentException when the plaintext is longer than {@value #MAX_PLAINTEXT}
   *     bytes or a key is malformed
   */
  public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return encrypt(plaintext, uaPublic, authSecret, newKeyPair(), salt);
  }

  /** {@link #encrypt(byte[], byte[], byte[])} with the given server key pair and salt (tests). */
  static byte[] encrypt(
      byte[] plaintext, byte[] uaPublic, byte[] authSecret, KeyPair server, byte[] salt) {
    Objects.requireNonNull(plaintext, "plaintext cannot be null");
    if (plaintext.length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException(
          "a push message carries at most " + MAX_PLAINTEXT + " bytes, got " + plaintext.length);
    }
    if (Objects.requireNonNull(authSecret, "authSecret cannot be null").length != 16) {
      throw new IllegalArgumentException("authSecret must be 16 bytes, got " + authSecret.length);
    }
    if (salt.length != 16) {
      throw new IllegalArgumentException("salt must be 16 bytes, got " + salt.length);
    }
    try {
      ECPublicKey ua = publicKey(uaPublic);
      byte[] asPublic = uncompressed((ECPublicKey) server.getPublic());
      KeyAgreement ka = KeyAgreement.getInstance("ECDH");
      ka.init(server.getPrivate());
      ka.doPhase(ua, true);
      byte[] ecdhSecret = ka.generateSecret();
      // RFC 8291 section 3.4: the auth secret and both public keys into the input keying material.
      byte[] keyInfo =
          concat(
              "WebPush: info".getBytes(StandardCharsets.US_ASCII),
              new byte[] {0},
              uaPublic,
              asPublic);
      byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
      // RFC 8188 section 2.2: the content encryption key and nonce from the salt.
      byte[] cek =
          hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
      byte[] nonce =
          hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
      byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
      padded[plaintext.length] = 2; // the last record's delimiter, no further padding
      byte[] record = gcm.doFinal(padded);
      return ByteBuffer.allocate(HEADER + record.length)
          .put(salt)
          .putInt(RECORD_SIZE)
          .put((byte) asPublic.length)
          .put(asPublic)
          .put(record)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("web push encryption failed: " + e, e);
    }
  }

  /** A fresh P-256 key pair. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys: " + e, e);
    }
  }

  /**
   * The P-256 public key of an uncompressed point.
   *
   * @throws IllegalArgumentException when it is not 65 bytes starting 0x04, or not on the curve
   */
  public static ECPublicKey publicKey(byte[] uncompressed) {
    if (uncompressed.length != 65 || uncompressed[0] != 4) {
      throw new IllegalArgumentException(
          "a P-256 public key is 65 bytes starting 0x04, got " + uncompressed.length + " bytes");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65));
    // On the curve, y^2 = x^3 + ax + b (mod p): a point off it would leak the key (invalid-curve).
    BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
    BigInteger left = y.modPow(BigInteger.TWO, p);
    BigInteger right =
        x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !left.equals(right)) {
      throw new IllegalArgumentException("not a point of P-256");
    }
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 public key: " + e.getMessage(), e);
    }
  }

  /** The P-256 private key of scalar {@code d} (32 bytes, big-endian). */
  public static ECPrivateKey privateKey(byte[] d) {
    try {
      return (ECPrivateKey)
          KeyFactory.getInstance("EC")
              .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, d), P256));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 private key: " + e.getMessage(), e);
    }
  }

  /** {@code key} as an uncompressed point: 0x04, x and y on 32 bytes each. */
  public static byte[] uncompressed(ECPublicKey key) {
    ByteBuffer b = ByteBuffer.allocate(65).put((byte) 4);
    b.put(unsigned32(key.getW().getAffineX()));
    b.put(unsigned32(key.getW().getAffineY()));
    return b.array();
  }

  /** {@code key}'s scalar on 32 bytes, big-endian. */
  public static byte[] scalar(ECPrivateKey key) {
    return unsigned32(key.getS());
  }

  private static byte[] unsigned32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  /** HKDF-SHA-256 (RFC 5869) of one block: extract with {@code salt}, expand with {@code info}. */
  static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info);
    mac.update((byte) 1);
    return Arrays.copyOf(mac.doFinal(), length);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256: " + e, e);
    }
  }
}
