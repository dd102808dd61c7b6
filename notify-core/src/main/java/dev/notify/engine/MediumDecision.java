package dev.notify.engine;

import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The decision for one medium: delivered or not, why, and for a delivered in-app notification
 * whether it pops up and which tone it plays.
 *
 * @param medium the medium
 * @param reason why
 * @param popup whether it pops up (only an in-app delivery to a logged-in user does)
 * @param sound the tone it plays, or {@code null} for silence
 * @since 0.1.0
 */
public record MediumDecision(Medium medium, Reason reason, boolean popup, @Nullable String sound) {
  /** Validates that pop-up and sound only accompany an in-app delivery. */
  public MediumDecision {
    Checks.notNull(medium, "medium");
    Checks.notNull(reason, "reason");
    // Plain ifs: this runs once per decision, so no varargs or message building on the good path.
    if (popup && !(reason.outcome().delivered() && medium.isInApp())) {
      throw new IllegalArgumentException(
          Checks.format(
              "only a delivered in_app notification pops up, got %s %s", medium, reason.outcome()));
    }
    if (sound != null && !popup) {
      throw new IllegalArgumentException(
          Checks.format("a sound only accompanies a pop-up, got %s", Checks.quote(sound)));
    }
  }

  /** Whether this medium delivers. */
  public boolean delivered() {
    return reason.outcome().delivered();
  }

  /** The label: the most specific option that passed, when delivered. */
  public Optional<NotificationOption> label() {
    return delivered() ? Optional.ofNullable(reason.option()) : Optional.empty();
  }

  /** The tone, if one plays. */
  public Optional<String> soundIfAny() {
    return Optional.ofNullable(sound);
  }

  /**
   * Whether this delivery is conditional: only an {@code IF_UNREAD} option passed, so it is sent
   * only if the in-app notification of the same action is still unread later.
   *
   * @since 0.2.0
   */
  public boolean conditional() {
    return delivered() && reason.frequency() != null && reason.frequency().isConditional();
  }
}
