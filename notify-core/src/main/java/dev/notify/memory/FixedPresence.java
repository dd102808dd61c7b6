package dev.notify.memory;

import dev.notify.catalog.Presence;
import dev.notify.internal.Checks;
import dev.notify.spi.PresenceProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link PresenceProvider} whose presences are set by hand (tests, replays,
 * scenarios); a user never set is {@link Presence#LOGGED_OUT}.
 *
 * @since 0.1.0
 */
public final class FixedPresence implements PresenceProvider {
  private final ConcurrentHashMap<String, Presence> presences = new ConcurrentHashMap<>();
  private final Map<String, Presence> view = Collections.unmodifiableMap(presences);

  /** Everyone logged out. */
  public FixedPresence() {}

  /** Sets a user's presence. */
  public FixedPresence set(String userId, Presence presence) {
    presences.put(Checks.notNull(userId, "userId"), Checks.notNull(presence, "presence"));
    return this;
  }

  @Override
  public Presence presence(String userId) {
    return presences.getOrDefault(Checks.notNull(userId, "userId"), Presence.LOGGED_OUT);
  }

  /** A read-only view of the presences set: nothing is copied, however big the audience. */
  @Override
  public Map<String, Presence> presences(Collection<String> userIds) {
    Checks.notNull(userIds, "userIds");
    return view;
  }
}
