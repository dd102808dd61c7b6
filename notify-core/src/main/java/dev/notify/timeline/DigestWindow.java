package dev.notify.timeline;

import dev.notify.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The state of one digest window, as a {@code DigestBook} keeps it: what {@link TimelinePolicy}
 * needs to decide whether a delivery joins it and when it goes. Immutable: the policy answers a new
 * state, the book stores it.
 *
 * @param id the window's id
 * @param closes when it closes: its opening due instant plus the policy's window
 * @param max the most members it takes
 * @param members how many members it holds (a flushed opener is not one)
 * @param sender the delivery that sends it: its first member, or the one that filled it; {@code
 *     null} while it has no member
 * @param filledAt the due instant of the member that filled it, or {@code null} while not full
 * @param sealed whether its sender closed it to new members before sending
 * @since 0.3.0
 */
public record DigestWindow(
    String id,
    Instant closes,
    int max,
    int members,
    @Nullable String sender,
    @Nullable Instant filledAt,
    boolean sealed) {
  /** Validates. */
  public DigestWindow {
    Checks.notNull(id, "id");
    Checks.notNull(closes, "closes");
    Checks.argument(max >= 2, "a digest window takes at least 2 members, got %s", max);
    Checks.argument(
        members >= 0 && members <= max, "a window of %s holds 0 to %s members", members, max);
    Checks.argument(
        (sender == null) == (members == 0),
        "a window has a sender exactly when it has members, got %s with %s members",
        sender,
        members);
    Checks.argument(
        (filledAt != null) == (members == max),
        "a window has a fill instant exactly when it is full, got %s with %s of %s members",
        filledAt,
        members,
        max);
  }

  /**
   * When the digest may go out before quiet hours: when it filled, or when it closes (rule 10).
   * {@link TimelinePolicy#digestGoesAt} applies the quiet hours.
   */
  public Instant sendFrom() {
    return filledAt != null ? filledAt : closes;
  }

  /** This window, sealed. */
  public DigestWindow seal() {
    return new DigestWindow(id, closes, max, members, sender, filledAt, true);
  }

  /**
   * Where {@link TimelinePolicy#place} put a delivery.
   *
   * @param window the window it is in, as it is after the delivery joined or opened it
   * @param opened whether the delivery opened this window (a new state to store)
   * @param opener whether it is the window's flushed opener, sent alone at once and not a member
   */
  public record Placed(DigestWindow window, boolean opened, boolean opener) {
    /** Validates. */
    public Placed {
      Checks.notNull(window, "window");
      Checks.argument(!opener || opened, "only the delivery that opens a window is its opener");
    }

    /** The delivery's position in the window: 1, 2, … for members, 0 for a flushed opener. */
    public int position() {
      return opener ? 0 : window.members();
    }
  }
}
