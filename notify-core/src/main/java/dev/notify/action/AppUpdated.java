package dev.notify.action;

import dev.notify.catalog.ActionKind;
import dev.notify.internal.Checks;
import java.time.Instant;

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
    Checks.text(id, "id");
    Checks.notNull(occurredAt, "occurredAt");
    Checks.text(app, "app");
  }

  @Override
  public ActionKind kind() {
    return ActionKind.APP_UPDATED;
  }

  @Override
  public String describe() {
    return "app " + app + " was updated";
  }
}
