package dev.notify.catalog;

import dev.notify.internal.Checks;

/**
 * A channel through which a customer message comes in: Amazon Connect, Chat, Email (Postmark),
 * Forms, Gmail, Twilio — or any channel a host installs. Channels are identified by their id.
 *
 * @param id the stable id, for example {@code "chat"}
 * @since 0.1.0
 */
public record Channel(String id) implements Comparable<Channel> {
  /** Amazon Connect. */
  public static final Channel AMAZON_CONNECT = new Channel("amazon_connect");

  /** Chat. */
  public static final Channel CHAT = new Channel("chat");

  /** Email (Postmark). */
  public static final Channel EMAIL = new Channel("email");

  /** Forms. */
  public static final Channel FORMS = new Channel("forms");

  /** Gmail. */
  public static final Channel GMAIL = new Channel("gmail");

  /** Twilio. */
  public static final Channel TWILIO = new Channel("twilio");

  /** Validates the id. */
  public Channel {
    Checks.id(id, "channel");
  }

  /** Returns the channel with this id. */
  public static Channel of(String id) {
    return new Channel(id);
  }

  @Override
  public int compareTo(Channel other) {
    return id.compareTo(other.id);
  }

  @Override
  public String toString() {
    return id;
  }
}
