package dev.notify;

import dev.notify.internal.Checks;

/**
 * The sizes every store of notify holds, checked once where input comes in: an action, a user
 * account or a setting beyond them is refused with the path of the field before anything is
 * written, so that no store refuses it later (after part of a publish was written). A store of a
 * host's own must hold at least these.
 *
 * <p>Why these numbers: a delivery id is an action id, a user id and a medium id joined with their
 * {@code /} and {@code %} escaped (each character may take three), so ids of {@value #ID}
 * characters make delivery ids of at most {@value #DELIVERY_ID}, within notify-jdbc's widest key
 * column.
 *
 * @since 0.3.0
 */
public final class Limits {
  /** The longest id notify takes (action, user, team, customer, conversation, actor): {@value}. */
  public static final int ID = Checks.MAX_ID;

  /** The longest delivery id ({@code action/user/medium}, escaped): {@value}. */
  public static final int DELIVERY_ID = 3 * ID + 3 * ID + 2 + 64;

  /** The longest free text notify takes (a note's excerpt, a description): {@value} characters. */
  public static final int TEXT = Checks.MAX_TEXT;

  /** The longest error text an outbox keeps for a retry or a dead letter: {@value} characters. */
  public static final int ERROR = 4_000;

  private Limits() {}

  /**
   * {@code message} cut to {@link #ERROR} characters, marked as cut, so that a store never refuses
   * a transport's (possibly huge) error and the entry's outcome is always recorded.
   */
  public static String error(String message) {
    if (message.length() <= ERROR) {
      return message;
    }
    String marker = "… [cut: " + message.length() + " characters in all]";
    int end = ERROR - marker.length();
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--; // never split a pair
    }
    return message.substring(0, end) + marker;
  }
}
