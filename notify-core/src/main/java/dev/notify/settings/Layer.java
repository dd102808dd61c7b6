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
  DEFAULT_TABLE
}
