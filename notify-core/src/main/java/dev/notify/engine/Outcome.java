package dev.notify.engine;

/**
 * What the engine concluded for one medium, and why when it did not deliver.
 *
 * @since 0.1.0
 */
public enum Outcome {
  /** Delivered: a qualifying option's frequency passed the gate. */
  DELIVERED,
  /** Not delivered: every qualifying option resolved to {@code NEVER}, or the most specific did. */
  NEVER,
  /** Not delivered: the deciding option is {@code WHEN_LOGGED_OUT} and the user is logged in. */
  LOGGED_IN,
  /** Not delivered: every qualifying option is a legacy option unavailable to the user. */
  UNAVAILABLE,
  /** Not delivered: the user did the action; nobody is told of their own action. */
  ACTOR,
  /** Not delivered: no option of the action concerns this user. */
  NOT_IN_AUDIENCE,
  /**
   * Not decided: the host does not offer this medium (no transport is configured for it), so
   * nothing is decided, queued or dead-lettered for it.
   *
   * @since 0.2.0
   */
  NOT_OFFERED;

  /** Whether this outcome delivers. */
  public boolean delivered() {
    return this == DELIVERED;
  }
}
