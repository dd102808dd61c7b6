package dev.notify.testkit.kit;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.engine.Outcome;
import dev.notify.engine.Reason;
import dev.notify.settings.Layer;
import dev.notify.spi.Delivery;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.UserAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ready-made deliveries for store and transport tests and for benchmarks: a conversation assigned
 * to a user, decided by the standard default table. Stateless; every method may be called from any
 * thread.
 *
 * @since 0.2.0
 */
public final class Deliveries {
  private static final NotificationOption ASSIGNED =
      Catalog.standard().requireOption("conversation.assigned");
  private static final Reason BY_DEFAULT =
      new Reason(
          Outcome.DELIVERED, ASSIGNED, Frequency.ALWAYS, Layer.DEFAULT_TABLE, null, "standard-1");

  private Deliveries() {}

  /**
   * The delivery by {@code medium} of action {@code actionId} (bob assigns conversation k1 of
   * customer cust-1 to {@code user}, at {@code at}) to {@code user}, whose address is {@code
   * user@example.test}.
   */
  public static Delivery assigned(String actionId, String user, Medium medium, Instant at) {
    return new Delivery(
        new ConversationAssigned(actionId, at, "bob", "k1", "cust-1", user),
        new UserAccount(user, null, address(user)),
        medium,
        ASSIGNED,
        false,
        null,
        BY_DEFAULT);
  }

  /**
   * Outbox entries, due and enqueued at {@code at}, for the emails of actions {@code a<from>} to
   * {@code a<to - 1>}, action {@code a<i>} to user {@code u<i % users>}.
   */
  public static List<OutboxEntry> assignedEmails(int from, int to, int users, Instant at) {
    List<OutboxEntry> out = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      out.add(OutboxEntry.of(assigned("a" + i, "u" + (i % users), Medium.EMAIL, at), at, at));
    }
    return out;
  }

  /** An address for {@code user}: its id when that makes one, else a plain one (odd ids). */
  static String address(String user) {
    return user.matches("[A-Za-z0-9._-]{1,64}")
        ? user + "@example.test"
        : "user" + Integer.toHexString(user.hashCode()) + "@example.test";
  }
}
