package dev.notify.internal;

/**
 * How a delivery id is written: {@code actionId/userId/medium}, with {@code %} and {@code /} in the
 * two ids written {@code %25} and {@code %2F}, so that two different deliveries never share an id.
 * {@code dev.notify.spi.Delivery#idOf} is the public form; a publish writes thousands of ids for
 * one action, so it escapes the action's id once ({@link #prefix}) and only the user's per
 * delivery. Not exported.
 */
public final class DeliveryIds {
  private DeliveryIds() {}

  /** The id of the delivery of action {@code actionId} to {@code userId} by {@code medium}. */
  public static String of(String actionId, String userId, String medium) {
    return escape(actionId) + "/" + escape(userId) + "/" + medium;
  }

  /** What every id of one action's deliveries starts with. */
  public static String prefix(String actionId) {
    return escape(actionId) + "/";
  }

  /**
   * The id of a delivery to {@code userId} by {@code medium}, after the action's {@code prefix}.
   */
  public static String after(String prefix, String userId, String medium) {
    return prefix + escape(userId) + "/" + medium;
  }

  private static String escape(String part) {
    // One pass for both characters (two indexOf scans measured slower on short ids: JDK 17 does
    // not vectorise a Latin-1 indexOf of a char).
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '/' || c == '%') {
        return part.replace("%", "%25").replace("/", "%2F");
      }
    }
    return part;
  }
}
