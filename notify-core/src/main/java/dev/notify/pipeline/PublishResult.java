package dev.notify.pipeline;

import dev.notify.action.Action;
import dev.notify.engine.Decision;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Outcome;
import dev.notify.spi.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one publish did: every decision (with its reasons), the in-app notifications it wrote, the
 * deliveries it queued for the workers, what an earlier publish of the same action had already
 * written or queued. Publish delivers nothing else itself: what became of a queued delivery is the
 * outbox's (see {@link Notifier#stats()} and dead letters).
 *
 * <p>A final class, not a record: what publish reports may grow without breaking a caller (its
 * constructor is the notifier's own).
 *
 * @since 0.1.0
 */
public final class PublishResult {
  private final Action action;
  private final List<Decision> decisions;
  private final List<Delivery> inApp;
  private final List<Delivery> enqueued;
  private final List<Delivery> duplicates;
  private final List<Held> held;

  /**
   * Takes the lists as they are: the notifier built every part and hands over fresh lists it never
   * touches again, so nothing is checked or copied again (a 10,000-user fan-out's lists are large).
   */
  PublishResult(
      Action action,
      List<Decision> decisions,
      List<Delivery> inApp,
      List<Delivery> enqueued,
      List<Delivery> duplicates,
      List<Held> held) {
    this.action = action;
    this.decisions = Collections.unmodifiableList(decisions);
    this.inApp = Collections.unmodifiableList(inApp);
    this.enqueued = Collections.unmodifiableList(enqueued);
    this.duplicates = Collections.unmodifiableList(duplicates);
    this.held = Collections.unmodifiableList(held);
  }

  /** The action. */
  public Action action() {
    return action;
  }

  /**
   * One decision per candidate recipient, with its reasons, in the directory's order (sorted by
   * user id for a small audience).
   */
  public List<Decision> decisions() {
    return decisions;
  }

  /** In-app notifications written to the inbox by this publish. */
  public List<Delivery> inApp() {
    return inApp;
  }

  /** Deliveries for external media queued in the outbox by this publish. */
  public List<Delivery> enqueued() {
    return enqueued;
  }

  /** Deliveries an earlier publish of the same action had already written or queued. */
  public List<Delivery> duplicates() {
    return duplicates;
  }

  /**
   * The queued deliveries that wait before they go out (quiet hours, {@code IF_UNREAD}), with when
   * and why.
   */
  public List<Held> held() {
    return held;
  }

  @Override
  public String toString() {
    return "PublishResult[action="
        + action.id()
        + ", inApp="
        + inApp.size()
        + ", enqueued="
        + enqueued.size()
        + ", duplicates="
        + duplicates.size()
        + ", held="
        + held.size()
        + "]";
  }

  /**
   * A queued delivery that waits before it goes out.
   *
   * @param delivery the delivery
   * @param due when it may go out
   * @param why why it waits, in English: "held by quiet hours until Sun 07:00 Europe/Paris", "sent
   *     only if still unread after 10 min"
   * @since 0.2.0
   */
  public record Held(Delivery delivery, Instant due, String why) {}

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

  /** The in-app notifications written and the deliveries queued by this publish. */
  public List<Delivery> made() {
    List<Delivery> out = new ArrayList<>(inApp.size() + enqueued.size());
    out.addAll(inApp);
    out.addAll(enqueued);
    return out;
  }
}
