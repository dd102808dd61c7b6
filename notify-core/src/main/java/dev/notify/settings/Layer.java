package dev.notify.settings;

/**
 * Which layer of a user's settings decided a frequency (rule 1 of the decision rules).
 *
 * @since 0.1.0
 */
public enum Layer {
  /** The user's value for the action's channel. */
  CHANNEL_SETTING,
  /** The user's value for the option on every channel. */
  OPTION_SETTING,
  /** The engine's default table. */
  DEFAULT_TABLE,
  /**
   * The organisation's lock on the (option, medium[, channel]): it wins over the user's values.
   *
   * @since 0.3.0
   */
  ORGANIZATION_LOCK
}
