package dev.notify.engine;

import dev.notify.catalog.Presence;
import dev.notify.catalog.Tenure;
import dev.notify.internal.Checks;
import dev.notify.settings.UserSettings;

/**
 * What the engine knows of one candidate: who they are, their tenure (for legacy options), their
 * settings and their presence.
 *
 * @param userId the user id
 * @param tenure when the user and their organisation were created
 * @param settings the user's settings ({@link UserSettings#none()} for a user who follows the
 *     defaults)
 * @param presence whether they are logged in
 * @since 0.1.0
 */
public record Recipient(String userId, Tenure tenure, UserSettings settings, Presence presence) {
  /** Validates. */
  public Recipient {
    Checks.notNull(userId, "userId");
    // The directory validated the id; here only what the engine relies on (this runs per user per
    // action).
    if (userId.isEmpty()) {
      throw new IllegalArgumentException("userId must not be empty");
    }
    Checks.notNull(tenure, "tenure");
    Checks.notNull(settings, "settings");
    Checks.notNull(presence, "presence");
  }
}
