package dev.notify.spi;

import dev.notify.catalog.Presence;

/**
 * Tells whether a user is logged in right now, which decides {@code WHEN_LOGGED_OUT} settings,
 * pop-ups and sounds.
 *
 * <p><b>Threading:</b> safe for concurrent calls. <b>Blocking:</b> should answer from memory; it is
 * called once per candidate recipient on the publishing thread. <b>Failures:</b> an unchecked
 * exception fails the publish before anything is delivered.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PresenceProvider {
  /** The user's presence; {@link Presence#LOGGED_OUT} for a user it has never seen. Never null. */
  Presence presence(String userId);
}
