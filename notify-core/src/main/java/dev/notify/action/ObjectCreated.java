package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An object (an order, a custom object) was created on a customer.
 *
 * @param id the action id
 * @param occurredAt when
 * @param actor who created it
 * @param customer the customer
 * @param object the object's id, or {@code null}
 * @since 0.1.0
 */
public record ObjectCreated(
    String id, Instant occurredAt, String actor, String customer, @Nullable String object)
    implements Action {
  /** Validates. */
  public ObjectCreated {
    Checks.text(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.text(actor, "actor");
    Checks.text(customer, "customer");
    Fields.optional(object, "object");
  }

  @Override
  public ActionKind kind() {
    return ActionKind.OBJECT_CREATED;
  }

  @Override
  public Optional<String> actorIfAny() {
    return Optional.of(actor);
  }

  @Override
  public Optional<String> customerIfAny() {
    return Optional.of(customer);
  }

  @Override
  public String describe() {
    return actor
        + " created "
        + (object == null ? "an object" : object)
        + " on customer "
        + customer;
  }
}
