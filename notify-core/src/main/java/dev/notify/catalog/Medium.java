package dev.notify.catalog;

import dev.notify.internal.Checks;

/**
 * How a user is told: {@link #IN_APP} (pop-up, badge, unread panel; browser pop-up and sound ride
 * on it), {@link #EMAIL}, or any medium a host adds together with a transport (SMS, Slack …).
 *
 * @param id the stable id, for example {@code "in_app"}
 * @since 0.1.0
 */
public record Medium(String id) implements Comparable<Medium> {
  /** In-app: pop-up, badge and unread panel; sound and browser pop-up ride on it. */
  public static final Medium IN_APP = new Medium("in_app");

  /** Email. */
  public static final Medium EMAIL = new Medium("email");

  /** Validates the id. */
  public Medium {
    Checks.id(id, "medium");
  }

  /** Returns the medium with this id. */
  public static Medium of(String id) {
    return new Medium(id);
  }

  /** Whether this is the in-app medium, the only one that pops up and plays sounds. */
  public boolean isInApp() {
    return IN_APP.id.equals(id);
  }

  @Override
  public int compareTo(Medium other) {
    return id.compareTo(other.id);
  }

  @Override
  public String toString() {
    return id;
  }
}
