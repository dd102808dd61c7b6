package dev.notify.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Which action each action id stood for, so that publishing a <em>different</em> action under an id
 * that was used before fails loudly instead of delivering nothing (its deliveries' ids would
 * collide with the first action's). Republishing the same action stays a no-op.
 *
 * <p><b>Threading:</b> thread-safe; {@link #recordIfAbsent} is atomic per id, also across processes
 * for a shared store. <b>Blocking:</b> may block (a database); called once per publish on the
 * publishing thread. <b>Failures:</b> an unchecked exception fails the publish before anything is
 * stored; the host may publish again.
 *
 * @since 0.2.0
 */
public interface ActionLog {
  /**
   * Records that {@code actionId} stands for the action {@code fingerprint} describes, unless the
   * id was recorded before.
   *
   * @return the fingerprint recorded before for this id, or empty when this call recorded it
   */
  Optional<String> recordIfAbsent(String actionId, String fingerprint, Instant at);

  /**
   * Forgets the ids recorded before {@code cutoff} (retention: an id is remembered as long as the
   * inbox keeps its notifications).
   *
   * @return how many ids were forgotten
   */
  int forgetBefore(Instant cutoff);

  /**
   * Whether this store keeps what it holds across a restart of the process (a database does, the
   * in-memory stores do not). A notifier refuses a durable outbox beside stores that are not
   * ({@code NotifierBuilder#build}), since a restart would keep the queue and lose what it relies
   * on. {@code true} by default: a store of a host's own is taken to be durable.
   *
   * @since 0.3.0
   */
  default boolean durable() {
    return true;
  }
}
