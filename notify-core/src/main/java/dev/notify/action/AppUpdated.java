package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An installed app was updated (a System Events notification).
 *
 * @param id the action id
 * @param occurredAt when
 * @param app the app's id
 * @since 0.1.0
 */
public record AppUpdated(String id, Instant occurredAt, String app) implements Action {
  /** Validates. */
  public AppUpdated {
    Checks.idText(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.idText(app, "app");
  }

  @Override
  public ActionKind kind() {
    return ActionKind.APP_UPDATED;
  }

  @Override
  public String describe() {
    return "app " + app + " was updated";
  }

  /**
   * A builder of this action, so that no two adjacent strings can be swapped silently: {@code
   * AppUpdated.builder("a1").occurredAt(now)…build()}.
   *
   * @since 0.2.0
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Builds a {@link AppUpdated}; {@link #build()} validates as the constructor does. Not
   * thread-safe.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable Instant occurredAt;
    private @Nullable String app;

    private Builder(String id) {
      this.id = id;
    }

    /** Sets when it happened. */
    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    /** Sets the app. */
    public Builder app(String app) {
      this.app = app;
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
    public AppUpdated build() {
      return new AppUpdated(id, occurredAt, app);
    }
  }
}
