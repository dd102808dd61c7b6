package dev.notify.spi;

import dev.notify.catalog.Presence;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells whether a user is logged in right now, which decides {@code WHEN_LOGGED_OUT} settings,
 * pop-ups and sounds.
 *
 * <p><b>Threading:</b> safe for concurrent calls. <b>Blocking:</b> should answer quickly; a publish
 * asks for its whole audience with one {@link #presences} on the publishing thread.
 * <b>Failures:</b> an unchecked exception fails the publish before anything is written.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PresenceProvider {
  /** The user's presence; {@link Presence#LOGGED_OUT} for a user it has never seen. Never null. */
  Presence presence(String userId);

  /**
   * The presence of every user in {@code userIds}, read at once: the map answers {@code get} for
   * each of them, and a user without an entry is logged out. It may hold other users too, and may
   * be a view. The default asks one by one; a provider that can answer for many in one round trip
   * should override it.
   *
   * @since 0.2.0
   */
  default Map<String, Presence> presences(Collection<String> userIds) {
    Map<String, Presence> out = new HashMap<>();
    for (String id : userIds) {
      out.put(id, presence(id));
    }
    return out;
  }
}
