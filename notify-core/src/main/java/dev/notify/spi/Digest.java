package dev.notify.spi;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deliveries to one user over one medium combined into one message: a digest window's contents,
 * handed to {@link Transport#deliverDigest}.
 *
 * @param id the digest's stable id (the same on every attempt, so a receiver can tell a resend):
 *     {@code digest:} followed by the id of the delivery that opened its window, or {@code
 *     throttle:} followed by the id of the first delivery a throttle held back
 * @param deliveries what it combines, in the order they were placed (by due instant): at least one,
 *     all to the same recipient over the same medium, no two with the same id
 * @since 0.2.0
 */
public record Digest(String id, List<Delivery> deliveries) {
  /** Validates and copies. */
  public Digest {
    Checks.text(id, "id");
    deliveries = List.copyOf(Checks.noNulls(deliveries, "deliveries"));
    Checks.argument(!deliveries.isEmpty(), "a digest holds at least one delivery, got none");
    Delivery first = deliveries.get(0);
    Set<String> ids = new HashSet<>();
    for (Delivery d : deliveries) {
      Checks.argument(
          d.recipient().id().equals(first.recipient().id()) && d.medium().equals(first.medium()),
          "a digest is for one user and medium: %s and %s differ",
          first.id(),
          d.id());
      Checks.argument(ids.add(d.id()), "delivery %s is twice in digest %s", d.id(), id);
    }
  }

  /** The stable id of the digest opened by the delivery {@code openerId}. */
  public static String idOf(String openerId) {
    return "digest:" + Checks.notNull(openerId, "openerId");
  }

  /**
   * The stable id of the digest gathering what a throttle held back, opened by {@code firstId}.
   *
   * @since 0.3.0
   */
  public static String throttleIdOf(String firstId) {
    return THROTTLED + Checks.notNull(firstId, "firstId");
  }

  /**
   * Whether {@code digestId} names the digest of a throttle (deliveries held back by the user's
   * limit), not a digest the user asked for.
   *
   * @since 0.3.0
   */
  public static boolean isThrottle(String digestId) {
    return digestId.startsWith(THROTTLED);
  }

  private static final String THROTTLED = "throttle:";

  /** Whether this digest gathers what a throttle held back. */
  public boolean throttled() {
    return isThrottle(id);
  }

  /** The recipient's id. */
  public String userId() {
    return deliveries.get(0).recipient().id();
  }

  /** The medium. */
  public Medium medium() {
    return deliveries.get(0).medium();
  }

  /** How many deliveries it combines. */
  public int size() {
    return deliveries.size();
  }
}
