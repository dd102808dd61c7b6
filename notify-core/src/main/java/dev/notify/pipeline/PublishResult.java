package dev.notify.pipeline;

import dev.notify.action.Action;
import dev.notify.engine.Decision;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Outcome;
import dev.notify.internal.Checks;
import dev.notify.spi.Delivery;
import java.util.ArrayList;
import java.util.List;

/**
 * What one publish did: every decision (with its reasons), what was delivered, what had been
 * delivered by an earlier publish of the same action, and what failed.
 *
 * @param action the action
 * @param decisions one decision per candidate recipient, in the directory's order (sorted by user
 *     id for a small audience)
 * @param delivered deliveries the transports accepted
 * @param alreadyDelivered deliveries skipped because an earlier publish made them
 * @param failed deliveries that failed after their retries (also kept as dead letters)
 * @since 0.1.0
 */
public record PublishResult(
    Action action,
    List<Decision> decisions,
    List<Delivery> delivered,
    List<Delivery> alreadyDelivered,
    List<DeliveryFailure> failed) {
  /** Validates and copies. */
  public PublishResult {
    Checks.notNull(action, "action");
    // List.copyOf rejects null elements itself; one pass over a fan-out's thousands is enough.
    decisions = List.copyOf(Checks.notNull(decisions, "decisions"));
    delivered = List.copyOf(Checks.notNull(delivered, "delivered"));
    alreadyDelivered = List.copyOf(Checks.notNull(alreadyDelivered, "alreadyDelivered"));
    failed = List.copyOf(Checks.notNull(failed, "failed"));
  }

  /** The action's id. */
  public String actionId() {
    return action.id();
  }

  /** A medium a candidate was not told over, and why. */
  public record Skip(String userId, MediumDecision decision) {}

  /** Every (candidate, medium) the engine said no to, with the reason; outsiders are left out. */
  public List<Skip> skipped() {
    List<Skip> out = new ArrayList<>();
    for (Decision d : decisions) {
      for (MediumDecision md : d.media()) {
        if (!md.delivered() && md.reason().outcome() != Outcome.NOT_IN_AUDIENCE) {
          out.add(new Skip(d.userId(), md));
        }
      }
    }
    return out;
  }

  /** Whether nothing failed. */
  public boolean succeeded() {
    return failed.isEmpty();
  }
}
