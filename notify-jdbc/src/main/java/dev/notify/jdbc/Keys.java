package dev.notify.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The distribution keys of the tables (docs/scaling.md): the user id of a delivery, a digest or an
 * inbox item, and the outbox's bucket, derived from the user id so that a claim can be made in one
 * bucket (one shard). Every id-based statement derives its key here from the id it is given — a
 * delivery id is {@code actionId/userId/medium} with {@code %} and {@code /} escaped — so the
 * callers' SPI stays keyed by id.
 *
 * <p>The bucket is the low 6 bits of the second byte of the MD5 of the user id's UTF-8 bytes: what
 * migration 8 computes in SQL for the rows it keys ({@code get_byte(decode(md5(u), 'hex'), 1) & 63}
 * on PostgreSQL, {@code BITAND(CAST(SUBSTRING(HASH('MD5', u), 1, 2) AS SMALLINT), 63)} on H2).
 * Never change it: rows keep the bucket they were written with.
 */
final class Keys {
  /** How many buckets the outbox is claimed in. */
  static final int BUCKETS = 64;

  private static final String DIGEST = "digest:";
  private static final String THROTTLE = "throttle:";

  private Keys() {}

  /** The outbox bucket of {@code userId}'s deliveries. */
  static int bucket(String userId) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(userId.getBytes(StandardCharsets.UTF_8));
      return md5[1] & (BUCKETS - 1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }

  /** The outbox bucket of the delivery {@code deliveryId}. */
  static int bucketOf(String deliveryId) {
    return bucket(userOf(deliveryId));
  }

  /**
   * The user of the delivery {@code deliveryId}; for a text that is no delivery id, a user no row
   * has (the id itself), so that a statement keyed by it finds nothing, as it should.
   */
  static String userOf(String deliveryId) {
    int first = deliveryId.indexOf('/');
    int second = first < 0 ? -1 : deliveryId.indexOf('/', first + 1);
    if (second < 0) {
      return deliveryId;
    }
    String user = deliveryId.substring(first + 1, second);
    return user.indexOf('%') < 0 ? user : user.replace("%2F", "/").replace("%25", "%");
  }

  /** The action of the delivery {@code deliveryId}; the id itself when it is no delivery id. */
  static String actionOf(String deliveryId) {
    int first = deliveryId.indexOf('/');
    if (first < 0) {
      return deliveryId;
    }
    String action = deliveryId.substring(0, first);
    return action.indexOf('%') < 0 ? action : action.replace("%2F", "/").replace("%25", "%");
  }

  /**
   * The user of the digest {@code digestId} ({@code digest:} or {@code throttle:} a delivery id).
   */
  static String userOfDigest(String digestId) {
    if (digestId.startsWith(DIGEST)) {
      return userOf(digestId.substring(DIGEST.length()));
    }
    if (digestId.startsWith(THROTTLE)) {
      return userOf(digestId.substring(THROTTLE.length()));
    }
    return digestId;
  }
}
