package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An object (an order, a custom object) was updated on a customer.
 *
 * @param id the action id
 * @param occurredAt when
 * @param actor who updated it
 * @param customer the customer
 * @param object the object's id, or {@code null}
 * @since 0.1.0
 */
public record ObjectUpdated(
    String id, Instant occurredAt, String actor, String customer, @Nullable String object)
    implements Action {
  /** Validates. */
  public ObjectUpdated {
    Checks.idText(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.idText(actor, "actor");
    Checks.idText(customer, "customer");
    Fields.optional(object, "object");
  }

  @Override
  public ActionKind kind() {
    return ActionKind.OBJECT_UPDATED;
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
        + " updated "
        + (object == null ? "an object" : object)
        + " on customer "
        + customer;
  }

  /**
   * A builder of this action, so that no two adjacent strings can be swapped silently: {@code
   * ObjectUpdated.builder("a1").occurredAt(now)…build()}.
   *
   * @since 0.2.0
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Builds a {@link ObjectUpdated}; {@link #build()} validates as the constructor does. Not
   * thread-safe.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable Instant occurredAt;
    private @Nullable String actor;
    private @Nullable String customer;
    private @Nullable String object;

    private Builder(String id) {
      this.id = id;
    }

    /** Sets when it happened. */
    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    /** Sets the agent who did it. */
    public Builder actor(String actor) {
      this.actor = actor;
      return this;
    }

    /** Sets the customer. */
    public Builder customer(String customer) {
      this.customer = customer;
      return this;
    }

    /** Sets the object. */
    public Builder object(@Nullable String object) {
      this.object = object;
      return this;
    }

    /**
     * Builds the action.
     *
     * @throws NullPointerException naming a required part that was not set
     * @throws IllegalArgumentException naming a bad value
     */
    // The record refuses a part that was not set, naming it: the one check, at the boundary.
    @SuppressWarnings("NullAway")
    public ObjectUpdated build() {
      return new ObjectUpdated(id, occurredAt, actor, customer, object);
    }
  }
}
