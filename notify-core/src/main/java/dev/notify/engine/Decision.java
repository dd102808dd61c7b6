package dev.notify.engine;

import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine's answer for one action and one user: one {@link MediumDecision} per medium of the
 * catalog, each explaining itself.
 *
 * @param actionId the action
 * @param userId the user
 * @param presence the user's presence the decision was made with
 * @param media one decision per medium, in the catalog's order
 * @since 0.1.0
 */
public record Decision(
    String actionId, String userId, Presence presence, List<MediumDecision> media) {
  /** Validates and copies. */
  public Decision {
    Checks.notNull(actionId, "actionId");
    Checks.notNull(userId, "userId");
    Checks.notNull(presence, "presence");
    Checks.notNull(media, "media");
    // List.copyOf keeps an immutable list as it is and rejects null elements.
    media = List.copyOf(media);
  }

  /** The decision for {@code medium}, if the catalog has it. */
  public Optional<MediumDecision> forMedium(Medium medium) {
    Checks.notNull(medium, "medium");
    for (MediumDecision d : media) {
      if (d.medium().equals(medium)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code medium} delivers. */
  public boolean delivers(Medium medium) {
    return forMedium(medium).map(MediumDecision::delivered).orElse(false);
  }

  /** The media that deliver. */
  public List<MediumDecision> deliveries() {
    List<MediumDecision> out = new ArrayList<>(media.size());
    for (MediumDecision d : media) {
      if (d.delivered()) {
        out.add(d);
      }
    }
    return out;
  }

  /** Whether any medium delivers. */
  public boolean deliversAny() {
    for (MediumDecision d : media) {
      if (d.delivered()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A readable explanation, one line per medium. It says what was <em>decided</em>: whether the
   * delivery was then written, queued or carried by a transport is the pipeline's to report ({@code
   * PublishResult}, the notifier's stats and dead letters).
   */
  public String explain() {
    StringBuilder b = new StringBuilder();
    for (MediumDecision d : media) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(userId).append(' ').append(d.medium().id()).append(": ");
      if (d.delivered()) {
        b.append("decided to deliver as ")
            .append(Checks.notNull(d.reason().option(), "option").id());
        if (d.popup()) {
          b.append(", pop-up");
        }
        if (d.sound() != null) {
          b.append(", sound ").append(d.sound());
        }
        b.append(" — ");
      } else {
        b.append("decided not to deliver — ");
      }
      b.append(d.reason().explain());
    }
    return b.toString();
  }
}
