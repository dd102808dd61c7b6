package dev.notify.spi;

import dev.notify.action.Action;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.engine.Reason;
import dev.notify.internal.Checks;
import dev.notify.internal.DeliveryIds;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A decision that said yes, handed to the transport of its medium.
 *
 * @param action the action
 * @param recipient the user told
 * @param medium the medium
 * @param option the label: the most specific option that passed
 * @param popup whether it pops up (in-app only)
 * @param sound the tone to play, or {@code null}
 * @param reason why it was delivered
 * @since 0.1.0
 */
public record Delivery(
    Action action,
    UserAccount recipient,
    Medium medium,
    NotificationOption option,
    boolean popup,
    @Nullable String sound,
    Reason reason) {
  /** Validates. */
  public Delivery {
    Checks.notNull(action, "action");
    Checks.notNull(recipient, "recipient");
    Checks.notNull(medium, "medium");
    Checks.notNull(option, "option");
    Checks.notNull(reason, "reason");
  }

  /**
   * The delivery id, {@code actionId/userId/medium} with {@code %} and {@code /} in the ids written
   * {@code %25} and {@code %2F}, so two different deliveries never share an id: stable, the
   * outbox's idempotency key, and what a transport passes on for the receiver to de-duplicate. Made
   * on each call.
   */
  public String id() {
    return idOf(action.id(), recipient.id(), medium);
  }

  /** The stable id of a delivery. */
  public static String idOf(String actionId, String userId, Medium medium) {
    return DeliveryIds.of(actionId, userId, medium.id());
  }

  /** The tone, if one plays. */
  public Optional<String> soundIfAny() {
    return Optional.ofNullable(sound);
  }
}
